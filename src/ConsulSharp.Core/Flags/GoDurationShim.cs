namespace ConsulSharp.Core.Flags;

/// <summary>
/// Minimal Go duration parsing for flags until <c>ConsulSharp.Core.GoDuration</c> lands; then this forwards to it.
/// </summary>
public static class GoDurationShim
{
    public static bool TryParse(string s, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        if (s == "0")
        {
            return true;
        }

        double totalMs = 0;
        var i = 0;
        var neg = false;
        if (s[0] is '-' or '+')
        {
            neg = s[0] == '-';
            i++;
        }

        if (i >= s.Length)
        {
            return false;
        }

        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var ustart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double mult = s[ustart..i] switch
            {
                "ns" => 1e-6,
                "us" or "µs" or "μs" => 1e-3,
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => double.NaN,
            };
            if (double.IsNaN(mult))
            {
                return false;
            }

            totalMs += n * mult;
        }

        value = TimeSpan.FromMilliseconds(neg ? -totalMs : totalMs);
        return true;
    }
}
