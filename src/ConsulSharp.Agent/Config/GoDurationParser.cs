using System.Globalization;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Go's <c>time.ParseDuration</c> for config values (<c>"10s"</c>, <c>"1h30m"</c>, <c>"1.5h"</c>, <c>"-2ms"</c>, <c>"0"</c>),
/// with Go's error texts. Private to config until <c>ConsulSharp.Core.GoDuration</c> exists; then this forwards to it.
/// Precision is .NET's 100 ns tick.
/// </summary>
internal static class GoDurationParser
{
    public static bool TryParse(string s, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        var orig = s;
        var i = 0;
        var neg = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            neg = s[0] == '-';
            i++;
        }

        if (s[i..] == "0")
        {
            return true;
        }

        if (i >= s.Length)
        {
            error = $"time: invalid duration \"{orig}\"";
            return false;
        }

        decimal totalNs = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var intPart = s[start..i];
            var frac = "";
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var fs = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                frac = s[fs..i];
            }

            if (intPart.Length == 0 && frac.Length == 0)
            {
                error = $"time: invalid duration \"{orig}\"";
                return false;
            }

            var us = i;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var unit = s[us..i];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration \"{orig}\"";
                return false;
            }

            decimal mult = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (mult < 0)
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{orig}\"";
                return false;
            }

            var number = decimal.Parse((intPart.Length == 0 ? "0" : intPart) + (frac.Length > 0 ? "." + frac : ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            totalNs += number * mult;
            if (totalNs > 9_223_372_036_854_775_807m)
            {
                error = $"time: invalid duration \"{orig}\"";
                return false;
            }
        }

        var ticks = (long)(totalNs / 100m);
        value = TimeSpan.FromTicks(neg ? -ticks : ticks);
        return true;
    }
}
