using ConsulSharp.Core.Filter;

namespace ConsulSharp.Core.Tests.Filter;

public sealed class GoRegexTests
{
    [Theory]
    // $ is end of text in RE2 (no match before a final newline) unless multi-line mode is on
    [InlineData("ok$", "ok\n", false)]
    [InlineData("ok$", "ok", true)]
    [InlineData("(?m)ok$", "ok\nnext", true)]
    [InlineData("(?m:ok$)", "ok\nnext", true)]
    [InlineData("ok\\$", "ok$", true)]
    [InlineData("[$]", "$", true)]
    // \d \w \s are ASCII-only in RE2
    [InlineData("^\\d+$", "123", true)]
    [InlineData("^\\d+$", "١٢٣", false)]
    [InlineData("^[\\d.]+$", "1.2", true)]
    [InlineData("^\\w+$", "abc_1", true)]
    [InlineData("^\\w+$", "héllo", false)]
    [InlineData("^\\D+$", "١٢٣", true)]
    [InlineData("^a\\sb$", "a\tb", true)]
    [InlineData("^a\\Sb$", "a b", false)]
    // RE2-only spellings
    [InlineData("^\\pL+$", "héllo", true)]
    [InlineData("^\\p{Lu}+$", "ABC", true)]
    [InlineData("(?P<word>web)", "webserver", true)]
    [InlineData("[]a]", "]", true)]
    [InlineData("[^]a]", "b", true)]
    // unanchored search, case flags
    [InlineData("eb", "web", true)]
    [InlineData("(?i)WEB", "web", true)]
    public void Matches_like_re2(string pattern, string input, bool expected)
    {
        Assert.True(GoRegex.TryCompile(pattern, out var regex, out var error), error);
        Assert.Equal(expected, regex.IsMatch(input));
    }

    [Fact]
    public void Translation_leaves_plain_patterns_alone() =>
        Assert.Equal("^web-[0-9a-f]+\\.(lan|wan)\\z", GoRegex.Translate("^web-[0-9a-f]+\\.(lan|wan)$"));
}
