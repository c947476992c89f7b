using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Tests.Text;

public sealed class GoStrconvTests
{
    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("a\tb\nc\r\a\b\f\v", "\"a\\tb\\nc\\r\\a\\b\\f\\v\"")]
    [InlineData("\u0001\u007f", "\"\\x01\\x7f\"")]
    [InlineData("é∂ƒ", "\"é∂ƒ\"")]
    [InlineData("\u00a0\u2028", "\"\\u00a0\\u2028\"")]
    [InlineData("😀", "\"😀\"")]
    [InlineData("", "\"\"")]
    public void Quote_matches_go(string input, string expected) => Assert.Equal(expected, GoStrconv.Quote(input));

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("\"\"", "")]
    [InlineData("\"a\\nb\\t\\\\\"", "a\nb\t\\")]
    [InlineData("\"\\u00e9\\U0001F600\"", "é😀")]
    [InlineData("\"\\xc3\\xa9\"", "é")]
    [InlineData("\"\\101\\060\"", "A0")]
    [InlineData("\"\\\"\"", "\"")]
    [InlineData("`a\\b`", "a\\b")]
    [InlineData("`a\r\nb`", "a\nb")]
    [InlineData("`a\"b`", "a\"b")]
    public void Unquote_matches_go(string literal, string expected)
    {
        Assert.True(GoStrconv.TryUnquote(literal, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("\"\\400\"")]
    [InlineData("\"\\q\"")]
    [InlineData("\"\\'\"")]
    [InlineData("\"\\x4\"")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\U00110000\"")]
    [InlineData("\"a\nb\"")]
    [InlineData("\"a\\\"")]
    [InlineData("\"a\"b\"")]
    [InlineData("'a'")]
    [InlineData("\"")]
    [InlineData("\"abc`")]
    public void Unquote_rejects_what_go_rejects(string literal) => Assert.False(GoStrconv.TryUnquote(literal, out _));

    [Theory]
    [InlineData("0", 64, 0L)]
    [InlineData("-0", 64, 0L)]
    [InlineData("+5", 64, 5L)]
    [InlineData("0x10", 64, 16L)]
    [InlineData("-0X10", 64, -16L)]
    [InlineData("0b101", 64, 5L)]
    [InlineData("0o17", 64, 15L)]
    [InlineData("017", 64, 15L)]
    [InlineData("1_000", 64, 1000L)]
    [InlineData("0x_1F", 64, 31L)]
    [InlineData("9223372036854775807", 64, long.MaxValue)]
    [InlineData("-9223372036854775808", 64, long.MinValue)]
    [InlineData("127", 8, 127L)]
    [InlineData("-128", 8, -128L)]
    [InlineData("-2147483648", 32, int.MinValue)]
    public void ParseInt_accepts(string input, int bits, long expected)
    {
        Assert.True(GoStrconv.TryParseInt(input, bits, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("", 64, "strconv.ParseInt: parsing \"\": invalid syntax")]
    [InlineData("-", 64, "strconv.ParseInt: parsing \"-\": invalid syntax")]
    [InlineData("08", 64, "strconv.ParseInt: parsing \"08\": invalid syntax")]
    [InlineData("_1000", 64, "strconv.ParseInt: parsing \"_1000\": invalid syntax")]
    [InlineData("1000_", 64, "strconv.ParseInt: parsing \"1000_\": invalid syntax")]
    [InlineData("1.5", 64, "strconv.ParseInt: parsing \"1.5\": invalid syntax")]
    [InlineData("9223372036854775808", 64, "strconv.ParseInt: parsing \"9223372036854775808\": value out of range")]
    [InlineData("-9223372036854775809", 64, "strconv.ParseInt: parsing \"-9223372036854775809\": value out of range")]
    [InlineData("128", 8, "strconv.ParseInt: parsing \"128\": value out of range")]
    [InlineData("-129", 8, "strconv.ParseInt: parsing \"-129\": value out of range")]
    public void ParseInt_rejects(string input, int bits, string expected)
    {
        Assert.False(GoStrconv.TryParseInt(input, bits, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("255", 8, 255UL, null)]
    [InlineData("18446744073709551615", 64, ulong.MaxValue, null)]
    [InlineData("0xff", 8, 255UL, null)]
    [InlineData("256", 8, 0UL, "strconv.ParseUint: parsing \"256\": value out of range")]
    [InlineData("18446744073709551616", 64, 0UL, "strconv.ParseUint: parsing \"18446744073709551616\": value out of range")]
    [InlineData("-1", 64, 0UL, "strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData("+1", 64, 0UL, "strconv.ParseUint: parsing \"+1\": invalid syntax")]
    public void ParseUint_matches_go(string input, int bits, ulong expected, string? expectedError)
    {
        var ok = GoStrconv.TryParseUint(input, bits, out var value, out var error);
        Assert.Equal(expectedError is null, ok);
        Assert.Equal(expectedError, error);
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void ParseBool_accepts_go_spellings(string input, bool expected)
    {
        Assert.True(GoStrconv.TryParseBool(input, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("tRUE")]
    [InlineData("")]
    public void ParseBool_rejects_others(string input)
    {
        Assert.False(GoStrconv.TryParseBool(input, out _, out var error));
        Assert.Equal("strconv.ParseBool: parsing " + GoStrconv.Quote(input) + ": invalid syntax", error);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2e3", -2000.0)]
    [InlineData(".5", 0.5)]
    [InlineData("+.5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1_000.5", 1000.5)]
    [InlineData("1E2", 100.0)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("+Infinity", double.PositiveInfinity)]
    public void ParseFloat_accepts(string input, double expected)
    {
        Assert.True(GoStrconv.TryParseFloat(input, 64, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void ParseFloat_nan_and_ranges()
    {
        Assert.True(GoStrconv.TryParseFloat("NaN", 64, out var nan, out _));
        Assert.True(double.IsNaN(nan));

        Assert.False(GoStrconv.TryParseFloat("1e400", 64, out _, out var error));
        Assert.Equal("strconv.ParseFloat: parsing \"1e400\": value out of range", error);
        Assert.False(GoStrconv.TryParseFloat("3.5e38", 32, out _, out error));
        Assert.Equal("strconv.ParseFloat: parsing \"3.5e38\": value out of range", error);
        Assert.True(GoStrconv.TryParseFloat("0.1", 32, out var single, out _));
        Assert.Equal((double)0.1f, single);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("1.5x")]
    [InlineData(" 1")]
    [InlineData("1__0")]
    public void ParseFloat_rejects(string input)
    {
        Assert.False(GoStrconv.TryParseFloat(input, 64, out _, out var error));
        Assert.Equal("strconv.ParseFloat: parsing " + GoStrconv.Quote(input) + ": invalid syntax", error);
    }
}
