using ConsulSharp.Agent.Config;

namespace ConsulSharp.Agent.Tests.Config;

public sealed class ConfigMergeTests
{
    private static readonly string[] Files = ["-config-file", ConfigTestEnv.Path("merge/a.json"), "-config-file", ConfigTestEnv.Path("merge/b.hcl")];

    [Fact]
    public void LaterScalarsWin()
    {
        var c = ConfigTestEnv.Build(Files);
        Assert.Equal("from-b", c.NodeName);
        Assert.Equal("/tmp/a", c.DataDir);
    }

    [Fact]
    public void ListsAppendInSourceOrder() => Assert.Equal(["a1", "b1", "b2"], ConfigTestEnv.Build(Files).RetryJoin);

    [Fact]
    public void MapsOverlayKeyByKey()
    {
        var meta = ConfigTestEnv.Build(Files).NodeMeta;
        Assert.Equal("a", meta["k1"]);
        Assert.Equal("b", meta["k2"]);
        Assert.Equal("b", meta["k3"]);
    }

    [Fact]
    public void BlocksMergeFieldByField()
    {
        var c = ConfigTestEnv.Build(Files);
        Assert.Equal(18500, c.HttpPort);
        Assert.Equal(28600, c.DnsPort);
    }

    [Fact]
    public void OneServicePerFileGivesManyServices() =>
        Assert.Equal(["svc-a", "svc-b"], ConfigTestEnv.Build(Files).Services.Select(s => s.Name));

    [Fact]
    public void FileOrderMatters()
    {
        var c = ConfigTestEnv.Build("-config-file", ConfigTestEnv.Path("merge/b.hcl"), "-config-file", ConfigTestEnv.Path("merge/a.json"));
        Assert.Equal("from-a", c.NodeName);
        Assert.Equal(["b1", "b2", "a1"], c.RetryJoin);
    }

    [Fact]
    public void ScalarFlagsOverrideFiles()
    {
        var c = ConfigTestEnv.Build([.. Files, "-node", "from-flag", "-dns-port", "5353"]);
        Assert.Equal("from-flag", c.NodeName);
        Assert.Equal(5353, c.DnsPort);
        Assert.Equal(18500, c.HttpPort);
    }

    [Fact]
    public void SliceFlagsMergeBeforeFiles()
    {
        var c = ConfigTestEnv.Build([.. Files, "-retry-join", "flag1"]);
        Assert.Equal(["flag1", "a1", "b1", "b2"], c.RetryJoin);
    }

    [Fact]
    public void HclFragmentsOverrideFlags()
    {
        var c = ConfigTestEnv.Build([.. Files, "-node", "from-flag", "-hcl", "node_name = \"from-hcl\"", "-hcl", "log_level = \"trace\""]);
        Assert.Equal("from-hcl", c.NodeName);
        Assert.Equal("TRACE", c.LogLevel);
    }

    [Fact]
    public void NodeMetaFlagOverlaysFileMeta()
    {
        var c = ConfigTestEnv.Build([.. Files, "-node-meta", "k1:flag", "-node-meta", "k9:x"]);
        Assert.Equal("flag", c.NodeMeta["k1"]);
        Assert.Equal("b", c.NodeMeta["k2"]);
        Assert.Equal("x", c.NodeMeta["k9"]);
    }

    [Fact]
    public void RecursorsAreDeduplicatedAfterMerging()
    {
        var c = ConfigTestEnv.FromHcl("recursors = [\"8.8.8.8\", \"1.1.1.1\"]", "-recursor", "8.8.8.8");
        Assert.Equal(["8.8.8.8", "1.1.1.1"], c.Recursors);
    }

    [Fact]
    public void DirectoryLoadsJsonAndHclInLexicalOrderAndSkipsOthers()
    {
        var r = ConfigTestEnv.Load("-config-dir", ConfigTestEnv.Path("client.d"));
        Assert.Equal(["web", "redis", "api"], r.Config.Services.Select(s => s.Name));
        Assert.Contains(r.Warnings, w => w.StartsWith("skipping file ", StringComparison.Ordinal) && w.EndsWith("README.txt, extension must be .hcl or .json, or config format must be set", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigFormatForcesTheParser()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-cfg");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "agent.conf"), "data_dir = \"/tmp/x\"\nnode_name = \"forced\"\n");
            var c = ConfigTestEnv.Build("-config-file", Path.Combine(dir.FullName, "agent.conf"), "-config-format", "hcl");
            Assert.Equal("forced", c.NodeName);
            var err = ConfigTestEnv.Error("-config-file", Path.Combine(dir.FullName, "agent.conf"));
            Assert.Equal($"file {Path.Combine(dir.FullName, "agent.conf")} has unknown extension; must be .hcl or .json, or config format must be set", err);
            Assert.Equal("config: -config-format must be either 'hcl' or 'json'", ConfigTestEnv.Error("-dev", "-config-format", "yaml"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void EmptyFilesAreSkipped()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-cfg");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "empty.json"), "");
            File.WriteAllText(Path.Combine(dir.FullName, "z.hcl"), "node_name = \"z\"");
            var c = ConfigTestEnv.Build("-dev", "-config-dir", dir.FullName);
            Assert.Equal("z", c.NodeName);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void MissingFileIsReported()
    {
        var err = ConfigTestEnv.Error("-dev", "-config-file", "/nonexistent/x.hcl");
        Assert.Equal("config: Open failed on /nonexistent/x.hcl. open /nonexistent/x.hcl: no such file or directory", err);
    }

    [Fact]
    public void ConfigDirAndConfigFileLoadInCommandLineOrder()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-cfg");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "d.hcl"), "node_name = \"from-dir\"");
            var file = ConfigTestEnv.Path("merge/a.json");
            var fileLast = ConfigTestEnv.Build("-config-dir", dir.FullName, "-config-file", file);
            Assert.Equal("from-a", fileLast.NodeName);
            var dirLast = ConfigTestEnv.Build("-config-file", file, "-dev", "-config-dir=" + dir.FullName);
            Assert.Equal("from-dir", dirLast.NodeName);
            Assert.Equal([file, dir.FullName], dirLast.ConfigSources);
            Assert.Equal([file, Path.Combine(dir.FullName, "d.hcl")], dirLast.ConfigFiles);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ConfigPathsFollowGoFlagScanning()
    {
        var f = ConfigTestEnv.Flags("--config-file", "a.json", "-server", "-node", "x", "-config-dir=d", "-config-file=b.hcl", "rest", "-config-file", "ignored");
        Assert.Equal(["a.json", "d", "b.hcl"], f.ConfigPaths);
    }
}
