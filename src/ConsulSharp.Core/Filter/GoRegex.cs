using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// Regular expressions for <c>matches</c>. Go uses RE2 (linear time, no backreferences or lookaround); .NET's
/// NonBacktracking engine has the same guarantees and rejects the same constructs. <c>(?P&lt;name&gt;</c> is accepted as in
/// Go. Error texts follow Go's <c>error parsing regexp: &lt;code&gt;: `&lt;arg&gt;`</c> for the common mistakes; the
/// argument is best effort. Known differences: <c>$</c> also matches before a final newline, and <c>\d</c>/<c>\w</c>
/// include non-ASCII digits and letters.
/// </summary>
internal static class GoRegex
{
    public static bool TryCompile(string pattern, [NotNullWhen(true)] out Regex? regex, [NotNullWhen(false)] out string? error)
    {
        var translated = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
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
