using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ConsulSharp.Contracts.Snapshot;
using ConsulSharp.Testing;

namespace ConsulSharp.Integration.Tests.Snapshot;

/// <summary><c>GET/PUT /v1/snapshot</c> on a dev agent: archive shape, round trip, and refused archives that change nothing.</summary>
public sealed class SnapshotEndpointTests : IAsyncLifetime
{
    private TestAgent _agent = null!;

    private HttpClient Http => _agent.Http;

    public async ValueTask InitializeAsync()
    {
        _agent = await TestAgent.StartAsync(TestAgentOptions.Dev with { NodeName = "snap-node" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Http.PutAsync(new Uri("/v1/kv/probe", UriKind.Relative), new StringContent("x"), cts.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(100, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _agent.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [Fact]
    public async Task Save_streams_a_gzipped_tar_with_meta_state_and_sums_and_the_snapshot_index()
    {
        var ct = TestContext.Current.CancellationToken;
        await PutAsync("a", "1");
        using var res = await Http.GetAsync(new Uri("/v1/snapshot", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = await res.Content.ReadAsByteArrayAsync(ct);

        var files = await ReadTarAsync(body);
        Assert.Equal(["meta.json", "state.bin", "SHA256SUMS"], files.Keys);
        var sums = Encoding.ASCII.GetString(files["SHA256SUMS"]);
        Assert.Contains($"{Convert.ToHexStringLower(SHA256.HashData(files["meta.json"]))}  meta.json\n", sums, StringComparison.Ordinal);
        Assert.Contains($"{Convert.ToHexStringLower(SHA256.HashData(files["state.bin"]))}  state.bin\n", sums, StringComparison.Ordinal);

        var meta = await SnapshotArchive.ReadAsync(new MemoryStream(body), Stream.Null, ct);
        Assert.Equal(1, meta.Version);
        Assert.Equal(files["state.bin"].Length, meta.Size);
        Assert.True(meta.Index > 0);
        Assert.Equal(meta.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), res.Headers.GetValues("X-Consul-Index").Single());
        Assert.Single(meta.Configuration.Servers);
        Assert.StartsWith("CSSTATE\n", Encoding.ASCII.GetString(files["state.bin"], 0, 8), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_brings_back_the_saved_state()
    {
        var ct = TestContext.Current.CancellationToken;
        await PutAsync("keep", "saved");
        await PutAsync("doomed", "saved");
        var saved = await Http.GetByteArrayAsync(new Uri("/v1/snapshot", UriKind.Relative), ct);

        await PutAsync("keep", "changed");
        await PutAsync("later", "new");
        Assert.Equal(HttpStatusCode.OK, (await Http.DeleteAsync(new Uri("/v1/kv/doomed", UriKind.Relative), ct)).StatusCode);

        using var put = await Http.PutAsync(new Uri("/v1/snapshot", UriKind.Relative), new ByteArrayContent(saved), ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("saved", await GetRawAsync("keep"));
        Assert.Equal("saved", await GetRawAsync("doomed"));
        Assert.Null(await GetRawAsync("later"));

        // Writes go on after the restore.
        await PutAsync("after", "ok");
        Assert.Equal("ok", await GetRawAsync("after"));
    }

    [Fact]
    public async Task Bad_archives_are_refused_with_Consuls_messages_and_change_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await PutAsync("stay", "v1");
        var good = await Http.GetByteArrayAsync(new Uri("/v1/snapshot", UriKind.Relative), ct);
        var files = await ReadTarAsync(good);
        var tamperedState = files["state.bin"].ToArray();
        tamperedState[^10] ^= 0xFF;
        var garbage = Encoding.ASCII.GetBytes("not a state snapshot at all");
        var garbageSums = Encoding.ASCII.GetBytes(
            $"{Convert.ToHexStringLower(SHA256.HashData(files["meta.json"]))}  meta.json\n{Convert.ToHexStringLower(SHA256.HashData(garbage))}  state.bin\n");

        (byte[] Body, string Message)[] cases =
        [
            (Encoding.ASCII.GetBytes("plain text"), "failed to decompress snapshot: gzip: invalid header"),
            ([], "failed to decompress snapshot: EOF"),
            (await BuildAsync(("meta.json", files["meta.json"]), ("state.bin", tamperedState), ("SHA256SUMS", files["SHA256SUMS"])),
                "failed to read snapshot file: failed checking integrity of snapshot: hash check failed for \"state.bin\""),
            (await BuildAsync(("meta.json", files["meta.json"]), ("state.bin", files["state.bin"])),
                "failed to read snapshot file: failed checking integrity of snapshot: file missing for \"meta.json\""),
            (await BuildAsync(("meta.json", files["meta.json"]), ("evil.sh", [1, 2, 3])),
                "failed to read snapshot file: unexpected file \"evil.sh\" in snapshot"),
            (good[..(good.Length / 2)], "unexpected EOF"),
            (await BuildAsync(("meta.json", files["meta.json"]), ("state.bin", garbage), ("SHA256SUMS", garbageSums)),
                "failed to read snapshot file: Not a state snapshot (bad magic)."),
        ];

        foreach (var (body, message) in cases)
        {
            using var put = await Http.PutAsync(new Uri("/v1/snapshot", UriKind.Relative), new ByteArrayContent(body), ct);
            var text = await put.Content.ReadAsStringAsync(ct);
            Assert.Equal(HttpStatusCode.InternalServerError, put.StatusCode);
            Assert.Contains(message, text, StringComparison.Ordinal);
        }

        Assert.Equal("v1", await GetRawAsync("stay"));
        await PutAsync("stay", "v2");
        Assert.Equal("v2", await GetRawAsync("stay"));
    }

    [Fact]
    public async Task Stale_saves_work_and_a_foreign_datacenter_has_no_path()
    {
        var ct = TestContext.Current.CancellationToken;
        using var stale = await Http.GetAsync(new Uri("/v1/snapshot?stale", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        await SnapshotArchive.ReadAsync(await stale.Content.ReadAsStreamAsync(ct), Stream.Null, ct);

        using var dc = await Http.GetAsync(new Uri("/v1/snapshot?dc=elsewhere", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.InternalServerError, dc.StatusCode);
        Assert.Equal("No path to datacenter", (await dc.Content.ReadAsStringAsync(ct)).Trim());
    }

    private async Task PutAsync(string key, string value)
    {
        using var res = await Http.PutAsync(new Uri("/v1/kv/" + key, UriKind.Relative), new StringContent(value), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }

    private async Task<string?> GetRawAsync(string key)
    {
        using var res = await Http.GetAsync(new Uri($"/v1/kv/{key}?raw", UriKind.Relative), TestContext.Current.CancellationToken);
        return res.StatusCode == HttpStatusCode.NotFound ? null : await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<Dictionary<string, byte[]>> ReadTarAsync(byte[] archive)
    {
        var files = new Dictionary<string, byte[]>();
        await using var gz = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gz);
        while (await tar.GetNextEntryAsync() is { } e)
        {
            using var ms = new MemoryStream();
            if (e.DataStream is not null)
            {
                await e.DataStream.CopyToAsync(ms);
            }

            files[e.Name] = ms.ToArray();
        }

        return files;
    }

    private static async Task<byte[]> BuildAsync(params (string Name, byte[] Data)[] entries)
    {
        var ms = new MemoryStream();
        await using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gz, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return ms.ToArray();
    }
}
