using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class ConfigValidatorTests
{
    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> action)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = action(stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ValidDirectory()
    {
        var (code, stdout, stderr) = Run((o, e) => ConfigValidator.Validate([ConfigTestEnv.Path("client.d")], o, e, options: ConfigTestEnv.Options));
        Assert.Equal(0, code);
        Assert.Equal("Configuration is valid!\n", stdout);
        Assert.Contains("README.txt, extension must be .hcl or .json, or config format must be set", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidFilesQuiet()
    {
        var (code, stdout, _) = Run((o, e) => ConfigValidator.Validate([ConfigTestEnv.Path("server/server.hcl")], o, e, quiet: true, options: ConfigTestEnv.Options));
        Assert.Equal(0, code);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void InvalidFile()
    {
        var path = ConfigTestEnv.Path("bad/unknown-key.hcl");
        var (code, stdout, stderr) = Run((o, e) => ConfigValidator.Validate([path], o, e, options: ConfigTestEnv.Options));
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Equal($"Config validation failed: failed to parse {path}: 1 error occurred:\n\t* invalid config key foo\n\n\n", stderr);
    }

    [Fact]
    public void FragmentWithoutDataDirIsInvalid()
    {
        var (code, _, stderr) = Run((o, e) => ConfigValidator.Validate([ConfigTestEnv.Path("merge/b.hcl")], o, e, options: ConfigTestEnv.Options));
        Assert.Equal(1, code);
        Assert.Equal("Config validation failed: data_dir cannot be empty\n", stderr);
    }

    [Fact]
    public void NoPaths()
    {
        var (code, _, stderr) = Run((o, e) => ConfigValidator.Validate([], o, e));
        Assert.Equal(1, code);
        Assert.Equal("Must specify at least one config file or directory\n", stderr);
    }

    [Fact]
    public void RunParsesFlags()
    {
        var (code, stdout, _) = Run((o, e) => ConfigValidator.Run(["-quiet", ConfigTestEnv.Path("server/server.json"), ConfigTestEnv.Path("dns.hcl")], o, e, ConfigTestEnv.Options));
        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        var (code2, _, stderr2) = Run((o, e) => ConfigValidator.Run(["-bogus"], o, e));
        Assert.Equal(1, code2);
        Assert.Contains("bogus", stderr2, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralPathsMergeLikeTheAgent()
    {
        // merge/b.hcl alone lacks data_dir; with merge/a.json first the pair is a complete config.
        var (code, stdout, _) = Run((o, e) => ConfigValidator.Validate([ConfigTestEnv.Path("merge/a.json"), ConfigTestEnv.Path("merge/b.hcl")], o, e, options: ConfigTestEnv.Options));
        Assert.Equal(0, code);
        Assert.Equal("Configuration is valid!\n", stdout);
    }

    [Fact]
    public void HelpFlag()
    {
        var (code, _, stderr) = Run((o, e) => ConfigValidator.Run(["-h"], o, e));
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: consul validate [options] FILE_OR_DIRECTORY...", stderr, StringComparison.Ordinal);
        Assert.Contains("-quiet", stderr, StringComparison.Ordinal);
    }
}
