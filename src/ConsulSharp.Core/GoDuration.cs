using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConsulSharp.Core;

/// <summary>
/// Go <c>time.Duration</c> text: parsing with the exact rules and error texts of <c>time.ParseDuration</c>, and
/// formatting exactly like <c>Duration.String()</c>. Go durations are int64 nanoseconds; <see cref="TimeSpan"/> has a
/// 100 ns tick, so the TimeSpan overloads truncate toward zero below 100 ns. Use the nanosecond overloads where exactness
/// matters (wire fields that carry nanoseconds).
/// </summary>
public static class GoDuration
{
    public const long Nanosecond = 1;
    public const long Microsecond = 1000 * Nanosecond;
    public const long Millisecond = 1000 * Microsecond;
    public const long Second = 1000 * Millisecond;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;

    private const ulong MaxMagnitude = 1UL << 63; // |int64.MinValue|

    /// <summary>Parses like Go's <c>time.ParseDuration</c>; throws <see cref="FormatException"/> carrying Go's error text.</summary>
    public static long ParseNanoseconds(string text)
    {
        if (!TryParseNanoseconds(text, out var value, out var error))
        {
            throw new FormatException(error);
        }

        return value;
    }

    /// <summary>Parses like Go's <c>time.ParseDuration</c>, then converts to a TimeSpan (truncating below 100 ns).</summary>
    public static TimeSpan Parse(string text) => FromNanoseconds(ParseNanoseconds(text));

    public static bool TryParse(string? text, out TimeSpan value)
    {
        if (text is not null && TryParseNanoseconds(text, out var ns, out _))
        {
            value = FromNanoseconds(ns);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Go's <c>time.ParseDuration</c>: <c>[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+</c> with units ns, us, µs (U+00B5 or U+03BC),
    /// ms, s, m, h; a bare "0" is allowed. <paramref name="error"/> is Go's message, e.g.
    /// <c>time: missing unit in duration "10"</c>.
    /// </summary>
    public static bool TryParseNanoseconds(string text, out long value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        error = null;
        var s = text.AsSpan();
        var neg = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = Invalid(text);
            return false;
        }

        ulong d = 0;
        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || IsDigit(s[0])))
            {
                error = Invalid(text);
                return false;
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var v))
            {
                error = Invalid(text);
                return false;
            }

            var pre = before != s.Length;
            ulong f = 0;
            var scale = 1.0;
            var post = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                var beforeFraction = s.Length;
                LeadingFraction(ref s, out f, out scale);
                post = beforeFraction != s.Length;
            }

            if (!pre && !post)
            {
                error = Invalid(text);
                return false;
            }

            var i = 0;
            while (i < s.Length && s[i] != '.' && !IsDigit(s[i]))
            {
                i++;
            }

            if (i == 0)
            {
                error = "time: missing unit in duration " + TimeQuote(text);
                return false;
            }

            var unitText = s[..i];
            s = s[i..];
            var unit = UnitOf(unitText);
            if (unit == 0)
            {
                error = "time: unknown unit " + TimeQuote(unitText.ToString()) + " in duration " + TimeQuote(text);
                return false;
            }

            if (v > MaxMagnitude / unit)
            {
                error = Invalid(text);
                return false;
            }

            v *= unit;
            if (f > 0)
            {
                // float64 keeps nanosecond accuracy for fractions of the largest unit (hours), as in Go.
                v += (ulong)(f * (unit / scale));
                if (v > MaxMagnitude)
                {
                    error = Invalid(text);
                    return false;
                }
            }

            d += v;
            if (d > MaxMagnitude)
            {
                error = Invalid(text);
                return false;
            }
        }

        if (neg)
        {
            value = d == MaxMagnitude ? long.MinValue : -(long)d;
            return true;
        }

        if (d > long.MaxValue)
        {
            error = Invalid(text);
            return false;
        }

        value = (long)d;
        return true;
    }

    /// <summary>Formats like Go's <c>Duration.String()</c>: "1h0m0s", "1m30s", "1.5s", "500ms", "1µs", "0s".</summary>
    public static string Format(long nanoseconds)
    {
        Span<char> buf = stackalloc char[32];
        var w = buf.Length;
        var neg = nanoseconds < 0;
        var u = neg ? (ulong)-(nanoseconds + 1) + 1 : (ulong)nanoseconds;
        if (u < Second)
        {
            int prec;
            buf[--w] = 's';
            w--;
            if (u == 0)
            {
                buf[w] = '0';
                return new string(buf[w..]);
            }
            else if (u < Microsecond)
            {
                prec = 0;
                buf[w] = 'n';
            }
            else if (u < Millisecond)
            {
                prec = 3;
                buf[w] = '\u00B5';
            }
            else
            {
                prec = 6;
                buf[w] = 'm';
            }

            w = FormatFraction(buf, w, ref u, prec);
            w = FormatInt(buf, w, u);
        }
        else
        {
            buf[--w] = 's';
            w = FormatFraction(buf, w, ref u, 9);
            w = FormatInt(buf, w, u % 60);
            u /= 60;
            if (u > 0)
            {
                buf[--w] = 'm';
                w = FormatInt(buf, w, u % 60);
                u /= 60;
                if (u > 0)
                {
                    buf[--w] = 'h';
                    w = FormatInt(buf, w, u);
                }
            }
        }

        if (neg)
        {
            buf[--w] = '-';
        }

        return new string(buf[w..]);
    }

    /// <summary>Formats a TimeSpan as Go would format the same number of nanoseconds (saturating at the int64 range).</summary>
    public static string Format(TimeSpan value) => Format(ToNanoseconds(value));

    /// <summary>Nanoseconds to a TimeSpan, truncating toward zero to whole 100 ns ticks.</summary>
    public static TimeSpan FromNanoseconds(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);

    /// <summary>A TimeSpan in nanoseconds, saturating at the int64 range (Go durations cannot exceed ±292 years).</summary>
    public static long ToNanoseconds(TimeSpan value)
    {
        var ticks = value.Ticks;
        const long limit = long.MaxValue / 100;
        if (ticks > limit)
        {
            return long.MaxValue;
        }

        if (ticks < -limit)
        {
            return long.MinValue;
        }

        return ticks * 100;
    }

    /// <summary>
    /// Lenient decoding used for Consul JSON bodies: a JSON string is parsed with <c>time.ParseDuration</c>; a JSON
    /// number is a count of nanoseconds (fractions truncated toward zero, as Go's <c>time.Duration(float64)</c>).
    /// Consul's decoders (e.g. check definitions) accept both forms.
    /// </summary>
    public static bool TryReadLenient(ref Utf8JsonReader reader, out long nanoseconds, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        error = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return TryParseNanoseconds(reader.GetString() ?? string.Empty, out nanoseconds, out error);
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out nanoseconds))
                {
                    return true;
                }

                return TryFromFloat(reader.GetDouble(), out nanoseconds, out error);
            default:
                error = "json: cannot unmarshal " + JsonKind(reader.TokenType) + " into a duration";
                return false;
        }
    }

    /// <summary>The same lenient rule for an already parsed <see cref="JsonElement"/>.</summary>
    public static bool TryReadLenient(JsonElement element, out long nanoseconds, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        error = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryParseNanoseconds(element.GetString() ?? string.Empty, out nanoseconds, out error);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out nanoseconds))
                {
                    return true;
                }

                return TryFromFloat(element.GetDouble(), out nanoseconds, out error);
            default:
                error = "json: cannot unmarshal " + element.ValueKind.ToString().ToLowerInvariant() + " into a duration";
                return false;
        }
    }

    private static bool TryFromFloat(double value, out long nanoseconds, [NotNullWhen(false)] out string? error)
    {
        var truncated = Math.Truncate(value);
        if (double.IsNaN(value) || truncated >= 9223372036854775808.0 || truncated < -9223372036854775808.0)
        {
            nanoseconds = 0;
            error = "json: duration number " + value.ToString("R", CultureInfo.InvariantCulture) + " out of range";
            return false;
        }

        nanoseconds = (long)truncated;
        error = null;
        return true;
    }

    private static string JsonKind(JsonTokenType type) => type switch
    {
        JsonTokenType.True or JsonTokenType.False => "bool",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.Null => "null",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Invalid(string original) => "time: invalid duration " + TimeQuote(original);

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static ulong UnitOf(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => Nanosecond,
        "us" => Microsecond,
        "\u00B5s" => Microsecond,
        "\u03BCs" => Microsecond,
        "ms" => Millisecond,
        "s" => Second,
        "m" => Minute,
        "h" => Hour,
        _ => 0,
    };

    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong x)
    {
        x = 0;
        var i = 0;
        for (; i < s.Length && IsDigit(s[i]); i++)
        {
            if (x > MaxMagnitude / 10)
            {
                return false;
            }

            x = (x * 10) + (ulong)(s[i] - '0');
            if (x > MaxMagnitude)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    private static void LeadingFraction(ref ReadOnlySpan<char> s, out ulong x, out double scale)
    {
        x = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && IsDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (x > (MaxMagnitude - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var y = (x * 10) + (ulong)(s[i] - '0');
            if (y > MaxMagnitude)
            {
                overflow = true;
                continue;
            }

            x = y;
            scale *= 10;
        }

        s = s[i..];
    }

    // Writes the fraction v/10^prec (without trailing zeros, and without the dot when zero) before buf[w].
    private static int FormatFraction(Span<char> buf, int w, ref ulong v, int prec)
    {
        var print = false;
        for (var i = 0; i < prec; i++)
        {
            var digit = v % 10;
            print = print || digit != 0;
            if (print)
            {
                buf[--w] = (char)('0' + digit);
            }

            v /= 10;
        }

        if (print)
        {
            buf[--w] = '.';
        }

        return w;
    }

    private static int FormatInt(Span<char> buf, int w, ulong v)
    {
        if (v == 0)
        {
            buf[--w] = '0';
            return w;
        }

        while (v > 0)
        {
            buf[--w] = (char)('0' + (v % 10));
            v /= 10;
        }

        return w;
    }

    /// <summary>The quoting of Go's time package: ASCII kept (with \" and \\ escaped); other bytes as \xNN of UTF-8.</summary>
    internal static string TimeQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c < ' ' || c >= 0x80)
            {
                int n;
                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    n = Encoding.UTF8.GetBytes(s.AsSpan(i, 2), utf8);
                    i++;
                }
                else
                {
                    n = Encoding.UTF8.GetBytes(s.AsSpan(i, 1), utf8);
                }

                for (var j = 0; j < n; j++)
                {
                    sb.Append("\\x").Append(utf8[j].ToString("x2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                if (c is '"' or '\\')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }
        }

        sb.Append('"');
        return sb.ToString();
    }
}
