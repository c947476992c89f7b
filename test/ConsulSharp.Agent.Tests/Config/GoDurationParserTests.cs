using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class GoDurationParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("10s", 10_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("300ms", 300)]
    [InlineData("-2s", -2_000)]
    [InlineData("+3m", 180_000)]
    [InlineData("1m0.5s", 60_500)]
    [InlineData("87600h", 315_360_000_000)]
    [InlineData(".5s", 500)]
    public void ParsesGoDurations(string text, long ms)
    {
        Assert.True(GoDurationParser.TryParse(text, out var v, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), v);
    }

    [Fact]
    public void ParsesSubMillisecondUnits()
    {
        Assert.True(GoDurationParser.TryParse("1500us", out var v, out _));
        Assert.Equal(TimeSpan.FromTicks(15_000), v);
        Assert.True(GoDurationParser.TryParse("200ns", out v, out _));
        Assert.Equal(TimeSpan.FromTicks(2), v);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("10x", "time: unknown unit \"x\" in duration \"10x\"")]
    [InlineData("10 seconds", "time: unknown unit \" seconds\" in duration \"10 seconds\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    public void RejectsWithGoMessages(string text, string error)
    {
        Assert.False(GoDurationParser.TryParse(text, out _, out var e));
        Assert.Equal(error, e);
    }
}
