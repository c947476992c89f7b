using System.Net;
using System.Net.Http.Json;
using System.Text;
using ConsulSharp.Agent.Membership;
using ConsulSharp.Integration.Tests.AgentServices;
using static ConsulSharp.Integration.Tests.Gossip.GossipCluster;

namespace ConsulSharp.Integration.Tests.Gossip;

/// <summary>User events over the LAN pool and the gossip keyring, between real agents.</summary>
public sealed class EventAndKeyringTests
{
    private const string Key1 = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
    private const string Key2 = "HvY8ubRZMgafUOWvrOadwOckVa1wN3QWAo46FVKbVN8=";
    private const string Other = "Ku4gm5Oo3xRaFd2RYDZk5W6rOVeQBZ2R1BuYk2n24kQ=";

    [Fact]
    public async Task AnEventFiredOnOneAgentIsListedOnAnotherAndBlockingListsWakeUp()
    {
        await using var a = await ServerAsync("ev-a");
        await using var b = await ClientAsync("ev-b");
        await JoinAsync(b, a);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(a, "ev-b") == 1);

        var empty = await b.Http.GetAsync("/v1/event/list", Ct);
        Assert.Equal("1", empty.Headers.GetValues("X-Consul-Index").Single());
        var blocked = b.Http.GetAsync("/v1/event/list?name=deploy&index=1&wait=20s", Ct);

        var fired = await a.Http.PutAsync("/v1/event/fire/deploy", new ByteArrayContent(Encoding.UTF8.GetBytes("v2")), Ct);
        Assert.Equal(HttpStatusCode.OK, fired.StatusCode);
        var e = await fired.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.Equal("deploy", e.GetProperty("Name").GetString());
        Assert.Equal(Convert.ToBase64String("v2"u8.ToArray()), e.GetProperty("Payload").GetString());
        Assert.Equal(1, e.GetProperty("Version").GetInt32());
        Assert.Equal(0, e.GetProperty("LTime").GetInt32());
        var id = e.GetProperty("ID").GetString()!;

        var woke = await blocked.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        var listed = (await woke.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).EnumerateArray().Single();
        Assert.Equal(id, listed.GetProperty("ID").GetString());
        Assert.True(listed.GetProperty("LTime").GetUInt64() > 0);
        var index = woke.Headers.GetValues("X-Consul-Index").Single();
        Assert.Equal(new ConsulUserEvent { Id = id, Name = "deploy" }.Index().ToString(System.Globalization.CultureInfo.InvariantCulture), index);

        await Poll.UntilAsync("listed on the firing agent too", async () => (await GetJsonAsync(a, "/v1/event/list?name=deploy")).GetArrayLength() == 1);
        Assert.Equal(0, (await GetJsonAsync(b, "/v1/event/list?name=other")).GetArrayLength());
    }

    [Fact]
    public async Task NodeAndServiceFiltersDecideWhichAgentsKeepAnEvent()
    {
        await using var a = await ServerAsync("flt-a");
        await using var b = await ClientAsync("flt-b");
        await JoinAsync(b, a);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(a, "flt-b") == 1);
        await AgentApi.PutOkAsync(b, "/v1/agent/service/register", """{"Name":"web","Tags":["blue"]}""");

        await a.Http.PutAsync("/v1/event/fire/only-b?node=^flt-b$", null, Ct);
        await a.Http.PutAsync("/v1/event/fire/web-blue?service=web&tag=blue", null, Ct);
        await a.Http.PutAsync("/v1/event/fire/last", null, Ct);

        await Poll.UntilAsync("b got the events", async () => (await GetJsonAsync(b, "/v1/event/list")).GetArrayLength() == 3);
        await Poll.UntilAsync("a got the unfiltered one", async () => (await GetJsonAsync(a, "/v1/event/list?name=last")).GetArrayLength() == 1);
        Assert.Equal(1, (await GetJsonAsync(a, "/v1/event/list")).GetArrayLength());

        var bad = await a.Http.PutAsync("/v1/event/fire/x?tag=blue", null, Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, bad.StatusCode);
        Assert.Equal("Cannot provide tag filter without service filter", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await a.Http.PutAsync("/v1/event/fire/", null, Ct)).StatusCode);
    }

    [Fact]
    public void UserEventsUseConsulsMsgpackEncoding()
    {
        var e = new ConsulUserEvent { Id = "b54fe110-7af5-cafc-d1fb-afc8ba432b1c", Name = "deploy", Payload = [0x61], NodeFilter = "n" };

        var bytes = UserEventCodec.Encode(e);

        // map(5) "ID" raw16(36) "n" "deploy" "p" raw(1) "nf" "n" "v" 1 — Go's codec with Consul's handle writes raw strings.
        Assert.Equal(0x85, bytes[0]);
        Assert.Equal(new byte[] { 0xa2, (byte)'I', (byte)'D' }, bytes[1..4]);
        Assert.Equal(new byte[] { 0xda, 0, 36 }, bytes[4..7]); // raw16: the old spec has no str8
        Assert.Equal([0xa1, (byte)'v', 0x01], bytes[^3..]);
        var back = UserEventCodec.Decode(bytes);
        Assert.Equal(e with { Payload = null }, back with { Payload = null });
        Assert.Equal(e.Payload, back.Payload);
    }

    [Fact]
    public async Task KeyringListInstallUseRemoveAcrossAnEncryptedPoolAndAWrongKeyIsRefused()
    {
        await using var a = await ServerAsync("kr-a", c => c with { EncryptKey = Key1 });
        await using var b = await ClientAsync("kr-b", c => c with { EncryptKey = Key1 });
        await using var intruder = await ClientAsync("kr-intruder", c => c with { EncryptKey = Other });
        await JoinAsync(b, a);
        await Poll.UntilAsync("joined", async () => await MemberStatusAsync(a, "kr-b") == 1);

        var refused = await PutAsync(intruder, "/v1/agent/join/" + LanAddress(a));
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Null(await MemberStatusAsync(a, "kr-intruder"));

        var list = await GetJsonAsync(a, "/v1/operator/keyring");
        var lan = list.EnumerateArray().Single(r => !r.GetProperty("WAN").GetBoolean());
        Assert.Equal("dc1", lan.GetProperty("Datacenter").GetString());
        Assert.Equal(2, lan.GetProperty("NumNodes").GetInt32());
        Assert.Equal(2, lan.GetProperty("Keys").GetProperty(Key1).GetInt32());
        Assert.True(list.EnumerateArray().Single(r => r.GetProperty("WAN").GetBoolean()).GetProperty("Keys").TryGetProperty(Key1, out _));

        Assert.Equal(HttpStatusCode.OK, (await a.Http.PostAsync("/v1/operator/keyring", JsonContent.Create(new { Key = Key2 }), Ct)).StatusCode);
        Assert.Equal(2, (await GetJsonAsync(b, "/v1/operator/keyring")).EnumerateArray().Single().GetProperty("Keys").GetProperty(Key2).GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await a.Http.PutAsync("/v1/operator/keyring", JsonContent.Create(new { Key = Key2 }), Ct)).StatusCode);
        Assert.Equal(Key2, Convert.ToBase64String(GossipOf(b).Lan!.Keyring!.PrimaryKey));

        using var removePrimary = new HttpRequestMessage(HttpMethod.Delete, "/v1/operator/keyring") { Content = JsonContent.Create(new { Key = Key2 }) };
        Assert.Equal(HttpStatusCode.InternalServerError, (await a.Http.SendAsync(removePrimary, Ct)).StatusCode);
        using var remove = new HttpRequestMessage(HttpMethod.Delete, "/v1/operator/keyring") { Content = JsonContent.Create(new { Key = Key1 }) };
        Assert.Equal(HttpStatusCode.OK, (await a.Http.SendAsync(remove, Ct)).StatusCode);
        var after = (await GetJsonAsync(a, "/v1/operator/keyring")).EnumerateArray().Single(r => !r.GetProperty("WAN").GetBoolean());
        Assert.Equal([Key2], after.GetProperty("Keys").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, await MemberStatusAsync(a, "kr-b"));
    }

    [Fact]
    public async Task TheKeyringIsPersistedInTheDataDirAndWinsOverEncrypt()
    {
        var dir = Directory.CreateTempSubdirectory("consulsharp-keyring-").FullName;
        try
        {
            var first = await ClientAsync("kf", c => c with { DevMode = false, DataDir = dir, EncryptKey = Key1, SerfBindAddrLan = IPAddress.Loopback });
            await first.Http.PostAsync("/v1/operator/keyring", JsonContent.Create(new { Key = Key2 }), Ct);
            await first.DisposeAsync();
            var file = await File.ReadAllTextAsync(Path.Combine(dir, "serf", "local.keyring"), Ct);
            Assert.Equal($"[\"{Key1}\",\"{Key2}\"]", file);

            await using var second = await ClientAsync("kf", c => c with { DevMode = false, DataDir = dir, EncryptKey = Other, SerfBindAddrLan = IPAddress.Loopback });
            Assert.Equal(Key1, Convert.ToBase64String(GossipOf(second).Lan!.Keyring!.PrimaryKey));
            Assert.Equal(2, GossipOf(second).Lan!.Keyring!.Keys.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
