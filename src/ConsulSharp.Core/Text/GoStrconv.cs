using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ConsulSharp.Core.Text;

/// <summary>
/// The parts of Go's <c>strconv</c> whose exact behaviour and error texts leak into Consul's wire messages:
/// <c>Quote</c> (Go's <c>%q</c>), <c>Unquote</c>, and <c>ParseInt</c>/<c>ParseUint</c>/<c>ParseBool</c>/<c>ParseFloat</c>
/// with base 0 (prefixes 0x/0o/0b/0, underscores between digits). Errors read like Go's
/// <c>strconv.ParseInt: parsing "abc": invalid syntax</c>.
/// </summary>
public static class GoStrconv
{
    private const string InvalidSyntax = "invalid syntax";
    private const string OutOfRange = "value out of range";

    /// <summary>Go's <c>strconv.Quote</c> (what <c>%q</c> prints for a string).</summary>
    public static string Quote(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            int r = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                r = char.ConvertToUtf32(s[i], s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                r = 0xFFFD;
            }

            AppendQuotedRune(sb, r);
        }

        sb.Append('"');
        return sb.ToString();
    }

    private static void AppendQuotedRune(StringBuilder sb, int r)
    {
        if (r is '"' or '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }

        if (IsPrint(r))
        {
            sb.Append(char.ConvertFromUtf32(r));
            return;
        }

        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (r < ' ' || r == 0x7F)
        {
            sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (r < 0x10000)
        {
            sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(int r)
    {
        if (r < 0x80)
        {
            return r is >= 0x20 and < 0x7F;
        }

        if (r == 0xFFFD)
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(r);
        return category switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
                or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }

    /// <summary>
    /// Go's <c>strconv.Unquote</c> for a double-quoted or back-quoted literal (quotes included). Returns false on what
    /// Go reports as <c>invalid syntax</c>. Escapes \x and octal produce raw bytes, decoded as UTF-8 at the end.
    /// </summary>
    public static bool TryUnquote(string literal, [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(literal);
        value = null;
        if (literal.Length < 2)
        {
            return false;
        }

        var quote = literal[0];
        if (quote != literal[^1])
        {
            return false;
        }

        var body = literal.AsSpan(1, literal.Length - 2);
        if (quote == '`')
        {
            if (body.Contains('`'))
            {
                return false;
            }

            value = body.Contains('\r') ? body.ToString().Replace("\r", string.Empty, StringComparison.Ordinal) : body.ToString();
            return true;
        }

        if (quote != '"')
        {
            return false;
        }

        if (!body.Contains('\\') && !body.Contains('\n'))
        {
            if (body.Contains('"'))
            {
                return false;
            }

            value = body.ToString();
            return true;
        }

        var bytes = new List<byte>(body.Length);
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\n' || c == '"')
            {
                return false;
            }

            if (c != '\\')
            {
                var width = char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]) ? 2 : 1;
                var n = Encoding.UTF8.GetBytes(body.Slice(i, width), utf8);
                for (var j = 0; j < n; j++)
                {
                    bytes.Add(utf8[j]);
                }

                i += width;
                continue;
            }

            if (i + 1 >= body.Length)
            {
                return false;
            }

            var e = body[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case '"': bytes.Add((byte)'"'); break;
                case 'x' or 'u' or 'U':
                    {
                        var digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                        if (i + digits > body.Length)
                        {
                            return false;
                        }

                        var v = 0L;
                        for (var j = 0; j < digits; j++)
                        {
                            var h = HexValue(body[i + j]);
                            if (h < 0)
                            {
                                return false;
                            }

                            v = (v << 4) | (uint)h;
                        }

                        i += digits;
                        if (e == 'x')
                        {
                            bytes.Add((byte)v);
                            break;
                        }

                        if (v > 0x10FFFF || v is >= 0xD800 and <= 0xDFFF)
                        {
                            return false;
                        }

                        var n = Encoding.UTF8.GetBytes(char.ConvertFromUtf32((int)v), utf8);
                        for (var j = 0; j < n; j++)
                        {
                            bytes.Add(utf8[j]);
                        }

                        break;
                    }

                case >= '0' and <= '7':
                    {
                        if (i + 2 > body.Length)
                        {
                            return false;
                        }

                        var v = e - '0';
                        for (var j = 0; j < 2; j++)
                        {
                            var x = body[i + j] - '0';
                            if (x is < 0 or > 7)
                            {
                                return false;
                            }

                            v = (v << 3) | x;
                        }

                        i += 2;
                        if (v > 255)
                        {
                            return false;
                        }

                        bytes.Add((byte)v);
                        break;
                    }

                default:
                    return false;
            }
        }

        value = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Go's <c>strconv.ParseBool</c>.</summary>
    public static bool TryParseBool(string s, out bool value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        error = null;
        switch (s)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                error = Error("ParseBool", s, InvalidSyntax);
                return false;
        }
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, bitSize)</c> (bitSize 0 means 64).</summary>
    public static bool TryParseInt(string s, int bitSize, out long value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        value = 0;
        error = null;
        if (bitSize == 0)
        {
            bitSize = 64;
        }

        if (s.Length == 0)
        {
            error = Error("ParseInt", s, InvalidSyntax);
            return false;
        }

        var digits = s.AsSpan();
        var neg = false;
        if (digits[0] == '+')
        {
            digits = digits[1..];
        }
        else if (digits[0] == '-')
        {
            neg = true;
            digits = digits[1..];
        }

        var status = ParseUnsigned(digits, bitSize, out var un);
        if (status == ParseStatus.Syntax)
        {
            error = Error("ParseInt", s, InvalidSyntax);
            return false;
        }

        var cutoff = 1UL << (bitSize - 1);
        if (status == ParseStatus.Range || (!neg && un >= cutoff) || (neg && un > cutoff))
        {
            error = Error("ParseInt", s, OutOfRange);
            return false;
        }

        value = neg ? (un == cutoff ? (bitSize == 64 ? long.MinValue : -(long)cutoff) : -(long)un) : (long)un;
        return true;
    }

    /// <summary>Go's <c>strconv.ParseUint(s, 0, bitSize)</c> (bitSize 0 means 64).</summary>
    public static bool TryParseUint(string s, int bitSize, out ulong value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        error = null;
        if (bitSize == 0)
        {
            bitSize = 64;
        }

        var status = ParseUnsigned(s, bitSize, out value);
        switch (status)
        {
            case ParseStatus.Ok:
                return true;
            case ParseStatus.Range:
                error = Error("ParseUint", s, OutOfRange);
                return false;
            default:
                error = Error("ParseUint", s, InvalidSyntax);
                return false;
        }
    }

    private enum ParseStatus
    {
        Ok,
        Syntax,
        Range,
    }

    private static ParseStatus ParseUnsigned(ReadOnlySpan<char> s0, int bitSize, out ulong value)
    {
        value = 0;
        if (s0.IsEmpty)
        {
            return ParseStatus.Syntax;
        }

        var s = s0;
        ulong numberBase = 10;
        if (s[0] == '0')
        {
            if (s.Length >= 3 && char.ToLowerInvariant(s[1]) == 'b')
            {
                numberBase = 2;
                s = s[2..];
            }
            else if (s.Length >= 3 && char.ToLowerInvariant(s[1]) == 'o')
            {
                numberBase = 8;
                s = s[2..];
            }
            else if (s.Length >= 3 && char.ToLowerInvariant(s[1]) == 'x')
            {
                numberBase = 16;
                s = s[2..];
            }
            else
            {
                numberBase = 8;
                s = s[1..];
            }
        }

        var maxVal = bitSize == 64 ? ulong.MaxValue : (1UL << bitSize) - 1;
        var cutoff = (ulong.MaxValue / numberBase) + 1;
        var underscores = false;
        ulong n = 0;
        foreach (var c in s)
        {
            if (c == '_')
            {
                underscores = true;
                continue;
            }

            ulong d;
            if (c is >= '0' and <= '9')
            {
                d = (ulong)(c - '0');
            }
            else if (char.ToLowerInvariant(c) is >= 'a' and <= 'z')
            {
                d = (ulong)(char.ToLowerInvariant(c) - 'a' + 10);
            }
            else
            {
                return ParseStatus.Syntax;
            }

            if (d >= numberBase)
            {
                return ParseStatus.Syntax;
            }

            if (n >= cutoff)
            {
                value = maxVal;
                return ParseStatus.Range;
            }

            n *= numberBase;
            var n1 = n + d;
            if (n1 < n || n1 > maxVal)
            {
                value = maxVal;
                return ParseStatus.Range;
            }

            n = n1;
        }

        if (underscores && !UnderscoreOk(s0))
        {
            return ParseStatus.Syntax;
        }

        value = n;
        return ParseStatus.Ok;
    }

    // Underscores may only separate digits (or follow a base prefix), as in Go literals.
    private static bool UnderscoreOk(ReadOnlySpan<char> s)
    {
        var saw = '^';
        var i = 0;
        if (s.Length >= 1 && (s[0] == '-' || s[0] == '+'))
        {
            s = s[1..];
        }

        var hex = false;
        if (s.Length >= 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'b' or 'o' or 'x')
        {
            i = 2;
            saw = '0';
            hex = char.ToLowerInvariant(s[1]) == 'x';
        }

        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9' || (hex && char.ToLowerInvariant(c) is >= 'a' and <= 'f'))
            {
                saw = '0';
                continue;
            }

            if (c == '_')
            {
                if (saw != '0')
                {
                    return false;
                }

                saw = '_';
                continue;
            }

            if (saw == '_')
            {
                return false;
            }

            saw = '!';
        }

        return saw != '_';
    }

    /// <summary>
    /// Go's <c>strconv.ParseFloat(s, bitSize)</c> for decimal input, "inf"/"infinity"/"nan" (any case, signed) and
    /// underscores between digits. Hexadecimal floats are not supported (reported as invalid syntax).
    /// </summary>
    public static bool TryParseFloat(string s, int bitSize, out double value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        value = 0;
        error = null;
        var body = s.AsSpan();
        var sign = 1.0;
        if (body.Length > 0 && (body[0] == '+' || body[0] == '-'))
        {
            sign = body[0] == '-' ? -1.0 : 1.0;
            body = body[1..];
        }

        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase) && s.Length == 3)
        {
            value = double.NaN;
            return true;
        }

        var text = s;
        if (s.Contains('_', StringComparison.Ordinal))
        {
            if (!UnderscoreOk(s))
            {
                error = Error("ParseFloat", s, InvalidSyntax);
                return false;
            }

            text = s.Replace("_", string.Empty, StringComparison.Ordinal);
        }

        if (!IsGoDecimalFloat(text) ||
            !double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            error = Error("ParseFloat", s, InvalidSyntax);
            return false;
        }

        if (bitSize == 32)
        {
            var f = (float)value;
            if (float.IsInfinity(f))
            {
                value = f;
                error = Error("ParseFloat", s, OutOfRange);
                return false;
            }

            value = f;
        }
        else if (double.IsInfinity(value))
        {
            error = Error("ParseFloat", s, OutOfRange);
            return false;
        }

        return true;
    }

    // [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
    private static bool IsGoDecimalFloat(string s)
    {
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        var mantissaDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static string Error(string function, string input, string reason) =>
        "strconv." + function + ": parsing " + Quote(input) + ": " + reason;
}
