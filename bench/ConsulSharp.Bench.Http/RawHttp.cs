namespace ConsulSharp.Bench.Http;

/// <summary>The load tools' minimal HTTP/1.1 response parsing.</summary>
internal static class RawHttp
{
    // A whole HTTP/1.1 response in the buffer: headers, then Content-Length bytes or a chunked body's last chunk. No
    // allocation: the tool's own CPU per response must stay small next to the agent's.
    public static bool ResponseComplete(ReadOnlySpan<byte> data, out int status)
    {
        status = 0;
        var headerEnd = data.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0 || data.Length < 12)
        {
            return false;
        }

        status = ((data[9] - '0') * 100) + ((data[10] - '0') * 10) + (data[11] - '0');
        var headers = data[..(headerEnd + 2)];
        var body = data.Length - headerEnd - 4;
        while (headers.Length > 0)
        {
            var eol = headers.IndexOf("\r\n"u8);
            var line = headers[..eol];
            headers = headers[(eol + 2)..];
            if (line.Length > 15 && System.Text.Ascii.EqualsIgnoreCase(line[..15], "Content-Length:"u8))
            {
                return System.Buffers.Text.Utf8Parser.TryParse(line[15..].Trim((byte)' '), out int length, out _) && body >= length;
            }
        }

        return data.EndsWith("0\r\n\r\n"u8);
    }
}
