using ConsulSharp.Core.Structs;
using static ConsulSharp.State.Tests.TestStore;

namespace ConsulSharp.State.Tests;

public sealed class SnapshotTests
{
    private static TestStore Populated(int keys)
    {
        var t = new TestStore();
        var s = t.Store;
        ulong i = 1;
        s.Register(i++, new CatalogRegistration
        {
            Node = new Node
            {
                Name = "Node-1",
                Id = "aaaaaaaa-0000-0000-0000-000000000001",
                Address = "10.0.0.1",
                Datacenter = "dc1",
                TaggedAddresses = new Dictionary<string, string> { ["lan"] = "10.0.0.1", ["wan"] = "1.2.3.4" },
                Meta = new Dictionary<string, string> { ["rack"] = "r1" },
            },
            Service = new ServiceInstance
            {
                Node = "Node-1",
                Id = "web-1",
                Name = "Web",
                Tags = ["a", "b"],
                Address = "10.0.0.10",
                TaggedAddresses = new Dictionary<string, ServiceAddress> { ["lan"] = new("10.0.0.10", 80) },
                Meta = new Dictionary<string, string> { ["v"] = "1" },
                Port = 80,
                Weights = new ServiceWeights(5, 2),
                EnableTagOverride = true,
                Kind = "",
            },
            Checks =
            [
                new HealthCheck { Node = "Node-1", CheckId = "serfHealth", Status = HealthStatus.Passing, Output = "ok" },
                new HealthCheck
                {
                    Node = "Node-1",
                    CheckId = "web-http",
                    ServiceId = "web-1",
                    Status = HealthStatus.Warning,
                    Type = "http",
                    Interval = "10s",
                    Timeout = "1s",
                    Definition = new HealthCheckDefinition
                    {
                        Http = "http://10.0.0.10/health",
                        Header = new Dictionary<string, IReadOnlyList<string>> { ["X-A"] = ["1", "2"] },
                        Method = "GET",
                        Interval = "10s",
                        Timeout = "1s",
                        DeregisterCriticalServiceAfter = "1m",
                    },
                },
            ],
        });
        t.Node(i++, "node-2", "10.0.0.2");
        t.Session(i++, "sess-1", "Node-1", SessionBehavior.Delete, TimeSpan.FromSeconds(15), "serfHealth");
        s.CoordinateBatchUpdate(i++, [new Coordinate { Node = "Node-1", Coord = new NetworkCoordinate([0.1, -0.2, 0.3], 1.5, 0.01, 1e-5) }]);
        s.PreparedQuerySet(i++, new PreparedQuery { Id = "q1", Name = "pq", Session = "sess-1", Token = "t", Definition = [1, 2, 3] });
        for (var k = 0; k < keys; k++)
        {
            s.KvSet(i++, Kv($"app/{k % 97}/key-{k:D6}", "value-" + k, flags: (ulong)k));
        }

        s.KvLock(i++, Kv("app/lock", "held", session: "sess-1"));
        s.KvSet(i++, Kv("empty"));
        s.KvDelete(i++, "app/0/key-000000");
        s.KvDeleteTree(i++, "app/1/");
        return t;
    }

    private static byte[] Serialize(StateSnapshot snap)
    {
        using var ms = new MemoryStream();
        StateStore.WriteSnapshot(snap, ms);
        return ms.ToArray();
    }

    private static void AssertSameState(StateSnapshot a, StateSnapshot b)
    {
        Assert.Equal(a.LastIndex, b.LastIndex);
        foreach (var table in new[] { StateTable.Nodes, StateTable.Services, StateTable.Checks, StateTable.Kvs, StateTable.Tombstones, StateTable.Sessions, StateTable.SessionChecks, StateTable.Coordinates, StateTable.PreparedQueries })
        {
            Assert.Equal(a.TableIndex(table), b.TableIndex(table));
        }

        var ka = a.KvList("").Value;
        var kb = b.KvList("").Value;
        Assert.Equal(ka.Count, kb.Count);
        for (var i = 0; i < ka.Count; i++)
        {
            Assert.True(ka[i].IsSame(kb[i]), ka[i].Key);
            Assert.Equal((ka[i].CreateIndex, ka[i].ModifyIndex), (kb[i].CreateIndex, kb[i].ModifyIndex));
        }

        Assert.Equal(a.Tombstones(), b.Tombstones());
        Assert.Equal(a.Nodes().Value.Count, b.Nodes().Value.Count);
        foreach (var n in a.Nodes().Value)
        {
            var other = b.GetNode(n.Name).Value!;
            Assert.True(n.IsSame(other));
            Assert.Equal((n.CreateIndex, n.ModifyIndex), (other.CreateIndex, other.ModifyIndex));
        }

        var ha = a.CheckServiceNodes("web").Value.Single();
        var hb = b.CheckServiceNodes("WEB").Value.Single();
        Assert.True(ha.Service.IsSame(hb.Service));
        Assert.Equal(ha.Checks.Count, hb.Checks.Count);
        for (var i = 0; i < ha.Checks.Count; i++)
        {
            Assert.True(ha.Checks[i].IsSame(hb.Checks[i]));
        }

        Assert.Equal(a.ServiceIndex("web"), b.ServiceIndex("web"));
        Assert.Equal(a.GetSession("sess-1").Value, b.GetSession("sess-1").Value! with { NodeChecks = a.GetSession("sess-1").Value!.NodeChecks, ServiceChecks = a.GetSession("sess-1").Value!.ServiceChecks });
        Assert.Equal(a.GetSession("sess-1").Value!.NodeChecks, b.GetSession("sess-1").Value!.NodeChecks);
        Assert.Equal(a.SessionChecks(), b.SessionChecks());
        Assert.Equal(a.SessionKeys("sess-1"), b.SessionKeys("sess-1"));
        Assert.Equal(a.Coordinates().Value.Single().Coord.Vec, b.Coordinates().Value.Single().Coord.Vec);
        Assert.Equal(a.PreparedQueries().Value.Single().Definition, b.PreparedQueries().Value.Single().Definition);
        Assert.Equal(a.GetNodeById("AAAAAAAA-0000-0000-0000-000000000001").Value!.Name, b.GetNodeById("aaaaaaaa-0000-0000-0000-000000000001").Value!.Name);
    }

    [Fact]
    public void Round_trip_of_100k_keys_and_the_catalog_restores_an_identical_state()
    {
        var source = Populated(100_000);
        var bytes = Serialize(source.Snap);
        var target = new TestStore();
        target.Store.Restore(new MemoryStream(bytes));
        AssertSameState(source.Snap, target.Snap);
        Assert.Equal(source.Snap.KvCount, target.Snap.KvCount);

        // The restored store keeps working: semantics that depend on the derived indexes still hold.
        target.Store.SessionDestroy(target.Snap.LastIndex + 1, "sess-1");
        Assert.Null(target.Snap.KvGet("app/lock").Value);
        Assert.Empty(target.Snap.PreparedQueries().Value);

        // Writing the restored version again gives the same bytes.
        var again = new TestStore();
        again.Store.Restore(new MemoryStream(bytes));
        Assert.Equal(bytes, Serialize(again.Snap));
    }

    [Fact]
    public void Snapshot_is_taken_from_an_old_version_while_writes_go_on()
    {
        var t = Populated(100);
        var snap = t.Snap;
        t.Store.KvSet(snap.LastIndex + 1, Kv("later", "x"));
        var restored = new TestStore();
        restored.Store.Restore(new MemoryStream(Serialize(snap)));
        Assert.Null(restored.Snap.KvGet("later").Value);
        Assert.Equal(snap.LastIndex, restored.Snap.LastIndex);
    }

    [Fact]
    public void Any_flipped_byte_is_refused_and_the_store_is_left_unchanged()
    {
        var bytes = Serialize(Populated(200).Snap);
        var rng = new Random(7);
        var target = new TestStore();
        target.Store.KvSet(1, Kv("keep", "me"));
        var before = target.Snap;
        for (var trial = 0; trial < 200; trial++)
        {
            var corrupt = (byte[])bytes.Clone();
            var pos = trial < 16 ? trial : rng.Next(corrupt.Length);
            corrupt[pos] ^= (byte)(1 << rng.Next(8));
            Assert.Throws<InvalidDataException>(() => target.Store.Restore(new MemoryStream(corrupt)));
            Assert.Same(before, target.Snap);
        }
    }

    [Fact]
    public void Truncated_snapshot_is_refused()
    {
        var bytes = Serialize(Populated(50).Snap);
        var target = new TestStore();
        foreach (var len in new[] { 0, 4, 8, 20, bytes.Length / 2, bytes.Length - 1 })
        {
            Assert.Throws<InvalidDataException>(() => target.Store.Restore(new MemoryStream(bytes[..len])));
        }
    }

    [Fact]
    public void Header_carries_magic_and_format_version_and_newer_versions_are_refused()
    {
        var bytes = Serialize(new TestStore().Snap);
        Assert.Equal("CSSTATE\n"u8.ToArray(), bytes[..8]);
        Assert.Equal(SnapshotFormat.CurrentVersion, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(1u, SnapshotFormat.CurrentVersion); // persisted number: append-only
        bytes[8] = 99;
        var ex = Assert.Throws<InvalidDataException>(() => new TestStore().Store.Restore(new MemoryStream(bytes)));
        Assert.Contains("format version 99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_store_round_trips()
    {
        var target = new TestStore();
        target.Store.Restore(new MemoryStream(Serialize(new TestStore().Snap)));
        Assert.Equal(0, target.Snap.KvCount);
        Assert.Empty(target.Snap.Nodes().Value);
    }
}
