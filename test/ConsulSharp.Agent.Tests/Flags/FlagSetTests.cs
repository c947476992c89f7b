using ConsulSharp.Core.Flags;

namespace ConsulSharp.Agent.Tests.Flags;

public sealed class FlagSetTests
{
    private static (FlagSet Set, FlagValue<string?> Node, FlagValue<bool> Dev, FlagValue<int> Port, FlagValue<IReadOnlyList<string>> Join, FlagValue<TimeSpan> Wait) Make()
    {
        var s = new FlagSet("t");
        return (s, s.String("node", null, ""), s.Bool("dev", false, ""), s.Int("port", 8500, ""), s.Strings("join", ""), s.Duration("wait", TimeSpan.Zero, ""));
    }

    [Theory]
    [InlineData("-node", "a")]
    [InlineData("--node", "a")]
    [InlineData("-node=a")]
    [InlineData("--node=a")]
    public void AcceptsGoSyntaxForValues(params string[] args)
    {
        var f = Make();
        f.Set.Parse(args);
        Assert.Equal("a", f.Node.Value);
        Assert.True(f.Set.IsSet("node"));
    }

    [Fact]
    public void BooleansTakeNoSeparateValueAndParseGoSpellings()
    {
        var f = Make();
        f.Set.Parse(["-dev", "false"]);
        Assert.True(f.Dev.Value);
        Assert.Equal(["false"], f.Set.Remaining);

        var g = Make();
        g.Set.Parse(["-dev=F"]);
        Assert.False(g.Dev.Value);
    }

    [Fact]
    public void RepeatedSliceFlagsAppendAndScalarsKeepTheLast()
    {
        var f = Make();
        f.Set.Parse(["-join", "a", "-join=b", "-port", "1", "-port", "2"]);
        Assert.Equal(["a", "b"], f.Join.Value);
        Assert.Equal(2, f.Port.Value);
    }

    [Fact]
    public void StopsAtFirstPositionalOrDoubleDash()
    {
        var f = Make();
        f.Set.Parse(["-node", "x", "pos", "-dev"]);
        Assert.False(f.Dev.Value);
        Assert.Equal(["pos", "-dev"], f.Set.Remaining);

        var g = Make();
        g.Set.Parse(["--", "-dev"]);
        Assert.Equal(["-dev"], g.Set.Remaining);
    }

    [Theory]
    [InlineData(new[] { "-nope" }, "flag provided but not defined: -nope")]
    [InlineData(new[] { "-node" }, "flag needs an argument: -node")]
    [InlineData(new[] { "-port", "x" }, "invalid value \"x\" for flag -port: parse error")]
    [InlineData(new[] { "-wait", "10" }, "invalid value \"10\" for flag -wait: parse error")]
    [InlineData(new[] { "---x" }, "bad flag syntax: ---x")]
    public void ErrorsUseGoMessages(string[] args, string message)
    {
        var f = Make();
        var ex = Assert.Throws<FlagParseException>(() => f.Set.Parse(args));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void DurationsUseGoSyntax()
    {
        var f = Make();
        f.Set.Parse(["-wait", "1m30s"]);
        Assert.Equal(TimeSpan.FromSeconds(90), f.Wait.Value);
    }

    [Fact]
    public void HelpIsDetected() => Assert.Throws<FlagHelpException>(() => Make().Set.Parse(["-h"]));
}
