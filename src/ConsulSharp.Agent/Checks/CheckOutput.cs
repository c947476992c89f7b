using System.Globalization;

namespace ConsulSharp.Agent.Checks;

/// <summary>Consul's output size rules: 4 KiB by default, per-check <c>OutputMaxSize</c> overrides.</summary>
internal static class CheckOutput
{
    public const int DefaultMaxSize = 4 * 1024;

    public static int MaxSize(int configured) => configured > 0 ? configured : DefaultMaxSize;

    /// <summary>TTL/HTTP style: keep the head and say how much was captured.</summary>
    public static string TruncateHead(string output, int max)
    {
        if (output.Length <= max)
        {
            return output;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{output[..max]} ... (captured {max} of {output.Length} bytes)");
    }

    /// <summary>Script style (a ring buffer of the last bytes): keep the tail with a header.</summary>
    public static string TruncateTail(string output, int max)
    {
        if (output.Length <= max)
        {
            return output;
        }

        return string.Create(CultureInfo.InvariantCulture, $"Captured {max} of {output.Length} bytes\n...\n{output[^max..]}");
    }
}
