using System.Security.Cryptography;

namespace ConsulSharp.Gossip.Wire;

/// <summary>
/// memberlist's AES-GCM envelope: version byte, 12-byte random nonce, ciphertext with the 16-byte tag appended.
/// Version 0 pads the plaintext PKCS#7-style to 16 bytes; version 1 (what we send) does not.
/// </summary>
internal static class Encryption
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int BlockSize = 16;
    public const byte Version = 1;

    public static int Overhead(byte version) => 1 + NonceSize + TagSize + (version == 0 ? BlockSize : 0);

    public static byte[] Encrypt(byte version, ReadOnlySpan<byte> key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> additionalData)
    {
        byte[]? padded = null;
        if (version == 0)
        {
            var pad = BlockSize - (plain.Length % BlockSize);
            padded = new byte[plain.Length + pad];
            plain.CopyTo(padded);
            padded.AsSpan(plain.Length).Fill((byte)pad);
            plain = padded;
        }

        var output = new byte[1 + NonceSize + plain.Length + TagSize];
        output[0] = version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize, plain.Length), output.AsSpan(1 + NonceSize + plain.Length, TagSize), additionalData);
        return output;
    }

    /// <summary>Tries every key in order; returns null when none opens the message.</summary>
    public static byte[]? Decrypt(IReadOnlyList<byte[]> keys, ReadOnlySpan<byte> message, ReadOnlySpan<byte> additionalData)
    {
        if (message.Length < 1 + NonceSize + TagSize)
        {
            return null;
        }

        var version = message[0];
        if (version > 1)
        {
            return null;
        }

        var nonce = message.Slice(1, NonceSize);
        var cipherLength = message.Length - 1 - NonceSize - TagSize;
        var cipher = message.Slice(1 + NonceSize, cipherLength);
        var tag = message.Slice(1 + NonceSize + cipherLength, TagSize);
        var plain = new byte[cipherLength];
        foreach (var key in keys)
        {
            try
            {
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(nonce, cipher, tag, plain, additionalData);
            }
            catch (AuthenticationTagMismatchException)
            {
                continue;
            }

            if (version == 0)
            {
                if (plain.Length == 0)
                {
                    return null;
                }

                var pad = plain[^1];
                if (pad == 0 || pad > BlockSize || pad > plain.Length)
                {
                    return null;
                }

                return plain[..^pad];
            }

            return plain;
        }

        return null;
    }
}
