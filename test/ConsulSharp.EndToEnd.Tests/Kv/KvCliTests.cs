using System.Text.RegularExpressions;

namespace ConsulSharp.EndToEnd.Tests.Kv;

public sealed class KvCliTests(KvCliFixture f) : IClassFixture<KvCliFixture>
{
    [Fact]
    public async Task PutGetDeleteRoundTrip()
    {
        var put = await f.RunAsync("kv", "put", "-flags=42", "rt/foo", "bar");
        Assert.Equal((0, "Success! Data written to: rt/foo\n", ""), (put.ExitCode, put.Stdout, put.Stderr));
        var get = await f.RunAsync("kv", "get", "/rt/foo");
        Assert.Equal((0, "bar\n"), (get.ExitCode, get.Stdout));

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "from-file", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await f.RunAsync("kv", "put", "rt/file", "@" + file)).ExitCode);
        File.Delete(file);
        Assert.Equal(0, (await f.RunWithInputAsync("from-stdin", "kv", "put", "rt/dir/stdin", "-")).ExitCode);
        Assert.Equal(0, (await f.RunAsync("kv", "put", "-base64", "rt/b64", "aGk=")).ExitCode);

        var detailed = await f.RunAsync("kv", "get", "-detailed", "rt/foo");
        Assert.Equal(0, detailed.ExitCode);
        Assert.Matches(new Regex(@"^CreateIndex      \d+\nFlags            42\nKey              rt/foo\nLockIndex        0\nModifyIndex      \d+\nSession          -\nValue            bar\n$"), detailed.Stdout);

        var recurse = await f.RunAsync("kv", "get", "-recurse", "rt/");
        Assert.Equal("rt/b64:hi\nrt/dir/stdin:from-stdin\nrt/file:from-file\nrt/foo:bar\n", recurse.Stdout);
        var recurse64 = await f.RunAsync("kv", "get", "-recurse", "-base64", "rt/f");
        Assert.Equal("rt/file:ZnJvbS1maWxl\nrt/foo:YmFy\n", recurse64.Stdout);
        var keys = await f.RunAsync("kv", "get", "-keys", "rt/");
        Assert.Equal("rt/b64\nrt/dir/\nrt/file\nrt/foo\n", keys.Stdout);
        var allKeys = await f.RunAsync("kv", "get", "-keys", "-separator=", "rt/");
        Assert.Equal("rt/b64\nrt/dir/stdin\nrt/file\nrt/foo\n", allKeys.Stdout);

        var del = await f.RunAsync("kv", "delete", "rt/foo");
        Assert.Equal((0, "Success! Deleted key: rt/foo\n"), (del.ExitCode, del.Stdout));
        var missing = await f.RunAsync("kv", "get", "rt/foo");
        Assert.Equal((1, "", "Error! No key exists at: rt/foo\n"), (missing.ExitCode, missing.Stdout, missing.Stderr));
        var tree = await f.RunAsync("kv", "delete", "-recurse", "rt/");
        Assert.Equal((0, "Success! Deleted keys with prefix: rt/\n"), (tree.ExitCode, tree.Stdout));
        Assert.Equal("", (await f.RunAsync("kv", "get", "-recurse", "rt/")).Stdout);
    }

    [Fact]
    public async Task CasFailuresPrintConsulsMessagesAndExit1()
    {
        Assert.Equal(0, (await f.RunAsync("kv", "put", "-cas", "-modify-index=0", "cas/k", "v1")).ExitCode);
        var again = await f.RunAsync("kv", "put", "-cas", "-modify-index=0", "cas/k", "v2");
        Assert.Equal((1, "Error! Did not write to cas/k: CAS performed with index=0 and key already exists.\n"), (again.ExitCode, again.Stderr));
        var stale = await f.RunAsync("kv", "put", "-cas", "-modify-index=999999", "cas/k", "v3");
        Assert.Equal((1, "Error! Did not write to cas/k: CAS failed\n"), (stale.ExitCode, stale.Stderr));
        var del = await f.RunAsync("kv", "delete", "-cas", "-modify-index=999999", "cas/k");
        Assert.Equal((1, "Error! Did not delete key cas/k: CAS failed\n"), (del.ExitCode, del.Stderr));
        var noIndex = await f.RunAsync("kv", "delete", "-cas", "cas/k");
        Assert.Equal((1, "Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.\n"), (noIndex.ExitCode, noIndex.Stderr));
        var noSession = await f.RunAsync("kv", "put", "-acquire", "cas/k");
        Assert.Equal((1, "Error! Missing -session (required with -acquire and -release)\n"), (noSession.ExitCode, noSession.Stderr));
        Assert.Equal("v1\n", (await f.RunAsync("kv", "get", "cas/k")).Stdout);
    }

    [Fact]
    public async Task ExportImportRoundTrip()
    {
        await f.RunAsync("kv", "put", "-flags=7", "exp/a", "<one>");
        await f.RunAsync("kv", "put", "exp/b/", "");
        var export = await f.RunAsync("kv", "export", "exp/a");
        Assert.Equal("[\n\t{\n\t\t\"key\": \"exp/a\",\n\t\t\"flags\": 7,\n\t\t\"value\": \"PG9uZT4=\"\n\t}\n]\n", export.Stdout);
        var all = await f.RunAsync("kv", "export", "exp/");
        Assert.Equal(0, all.ExitCode);
        Assert.Equal("[]\n", (await f.RunAsync("kv", "export", "nothing-here/")).Stdout);

        var import = await f.RunWithInputAsync(all.Stdout, "kv", "import", "-prefix=copy", "-");
        Assert.Equal((0, "Imported: copy/exp/a\nImported: copy/exp/b/\n"), (import.ExitCode, import.Stdout));
        var copied = await f.RunAsync("kv", "export", "copy/");
        Assert.Equal(all.Stdout.Replace("\"exp/", "\"copy/exp/", StringComparison.Ordinal), copied.Stdout);

        var bad = await f.RunAsync("kv", "import", "not json");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("Cannot unmarshal data: ", bad.Stderr, StringComparison.Ordinal);
    }
}
