using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// Regular expressions for <c>matches</c>. Go uses RE2 (linear time, no backreferences or lookaround); .NET's
/// NonBacktracking engine has the same guarantees and rejects the same constructs. The pattern is translated where the
/// dialects differ: <c>(?P&lt;name&gt;</c>, <c>\pL</c>, ASCII-only <c>\d \w \s</c> (and their negations), and <c>$</c>
/// meaning end of text unless a <c>(?m)</c> flag appears. Error texts follow Go's
/// <c>error parsing regexp: &lt;code&gt;: `&lt;arg&gt;`</c> for the common mistakes; the argument is best effort.
/// Remaining difference: <c>\b</c> is Unicode-aware.
/// </summary>
internal static class GoRegex
{
    public static bool TryCompile(string pattern, [NotNullWhen(true)] out Regex? regex, [NotNullWhen(false)] out string? error)
    {
        var translated = Translate(pattern);
        try
        {
            regex = new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            error = null;
            return true;
        }
        catch (RegexParseException ex)
        {
            regex = null;
            error = "error parsing regexp: " + Describe(ex, pattern);
            return false;
        }
        catch (NotSupportedException)
        {
            regex = null;
            error = "error parsing regexp: invalid or unsupported Perl syntax: `" + pattern + "`";
            return false;
        }
    }

    /// <summary>Rewrites RE2 syntax whose meaning differs in .NET (see the type summary); leaves everything else as is.</summary>
    internal static string Translate(string pattern)
    {
        var multiline = pattern.Contains("(?", StringComparison.Ordinal) && HasMultilineFlag(pattern);
        var sb = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var d = pattern[i + 1];
                i++;
                switch (d)
                {
                    case 'd': sb.Append(inClass ? "0-9" : "[0-9]"); continue;
                    case 'w': sb.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); continue;
                    case 's': sb.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"); continue;
                    case 'D' when !inClass: sb.Append("[^0-9]"); continue;
                    case 'W' when !inClass: sb.Append("[^0-9A-Za-z_]"); continue;
                    case 'S' when !inClass: sb.Append("[^\\t\\n\\f\\r ]"); continue;
                    case 'p' or 'P' when i + 1 < pattern.Length && pattern[i + 1] != '{':
                        sb.Append('\\').Append(d).Append('{').Append(pattern[i + 1]).Append('}');
                        i++;
                        continue;
                    default:
                        sb.Append('\\').Append(d);
                        continue;
                }
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append('[');
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        // A ']' right after '[' or '[^' is a literal in RE2.
                        sb.Append("\\]");
                        i++;
                    }

                    break;
                case '$' when !multiline:
                    sb.Append("\\z");
                    break;
                case '(' when string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0:
                    sb.Append("(?<");
                    i += 3;
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    // A group flag list that turns multi-line mode on: (?m), (?im), (?m:...), (?sm-i) ...
    private static bool HasMultilineFlag(string pattern)
    {
        for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            for (var j = i + 2; j < pattern.Length && char.IsAsciiLetter(pattern[j]); j++)
            {
                if (pattern[j] == 'm')
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Describe(RegexParseException ex, string pattern)
    {
        var offset = Math.Clamp(ex.Offset, 0, pattern.Length);
        switch (ex.Error)
        {
            case RegexParseError.InsufficientClosingParentheses:
                return "missing closing ): `" + pattern + "`";
            case RegexParseError.InsufficientOpeningParentheses:
                return "unexpected ): `" + pattern + "`";
            case RegexParseError.UnterminatedBracket:
                {
                    var start = pattern.LastIndexOf('[');
                    return "missing closing ]: `" + (start >= 0 ? pattern[start..] : pattern) + "`";
                }

            case RegexParseError.QuantifierAfterNothing:
                return "missing argument to repetition operator: `" + (offset > 0 ? pattern[offset - 1].ToString() : pattern) + "`";
            case RegexParseError.NestedQuantifiersNotParenthesized:
                return "invalid nested repetition operator: `" + pattern[Math.Max(0, offset - 2)..offset] + "`";
            case RegexParseError.UnescapedEndingBackslash:
                return "trailing backslash at end of expression: ``";
            case RegexParseError.ReversedCharacterRange:
                {
                    var end = offset;
                    var start = Math.Max(0, end - 3);
                    return "invalid character class range: `" + pattern[start..end] + "`";
                }

            case RegexParseError.UnrecognizedEscape:
                return "invalid escape sequence: `" + pattern[Math.Max(0, offset - 2)..offset] + "`";
            default:
                return "invalid or unsupported Perl syntax: `" + pattern + "`";
        }
    }
}
