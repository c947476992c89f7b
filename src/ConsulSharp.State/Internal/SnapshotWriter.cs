using System.Text;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

/// <summary>Serializes one immutable version in <see cref="SnapshotFormat"/>.</summary>
internal static class SnapshotWriter
{
    public static void Write(Tables t, Stream destination)
    {
        var buffered = new BufferedStream(destination, 1 << 16);
        var crc = new Crc32CStream(buffered);
        using (var w = new BinaryWriter(crc, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(SnapshotFormat.Magic);
            w.Write(SnapshotFormat.CurrentVersion);
            foreach (var idx in new[]
                     {
                         t.LastIndex, t.NodesIndex, t.ServicesIndex, t.ChecksIndex, t.KvsIndex, t.TombstonesIndex,
                         t.SessionsIndex, t.SessionChecksIndex, t.CoordinatesIndex, t.PreparedQueriesIndex,
                         t.ServiceLastExtinction,
                     })
            {
                w.Write(idx);
            }

            Section(w, SnapshotFormat.SectionNodes, t.Nodes, WriteNode);
            Section(w, SnapshotFormat.SectionServices, t.Services, WriteService);
            Section(w, SnapshotFormat.SectionChecks, t.Checks, WriteCheck);
            Section(w, SnapshotFormat.SectionKvs, t.Kvs, WriteKv);
            Section(w, SnapshotFormat.SectionTombstones, t.Tombstones, (w, s) =>
            {
                w.Write(s.Key);
                W(w, s.Index);
            });
            Section(w, SnapshotFormat.SectionSessions, t.Sessions, WriteSession);
            Section(w, SnapshotFormat.SectionCoordinates, t.Coordinates, WriteCoordinate);
            Section(w, SnapshotFormat.SectionPreparedQueries, t.PreparedQueries, WritePreparedQuery);
            w.Write(SnapshotFormat.SectionServiceIndexes);
            w.Write7BitEncodedInt(t.ServiceIndexes.Count);
            foreach (var (name, idx) in t.ServiceIndexes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.Write(name);
                W(w, idx);
            }

            w.Write(SnapshotFormat.SectionAutopilot);
            w.Write7BitEncodedInt(t.Autopilot is null ? 0 : 1);
            if (t.Autopilot is { } ap)
            {
                WriteAutopilot(w, ap);
            }

            W(w, t.AutopilotIndex);
            Section(w, SnapshotFormat.SectionAclTokens, t.AclTokens, WriteAclToken);
            W(w, t.AclTokensIndex);
            Section(w, SnapshotFormat.SectionAclPolicies, t.AclPolicies, WriteAclPolicy);
            W(w, t.AclPoliciesIndex);
            Section(w, SnapshotFormat.SectionAclRoles, t.AclRoles, WriteAclRole);
            W(w, t.AclRolesIndex);
            w.Write(SnapshotFormat.SectionAclBootstrap);
            w.Write7BitEncodedInt(t.AclBootstrapIndex == 0 ? 0 : 1);
            if (t.AclBootstrapIndex != 0)
            {
                W(w, t.AclBootstrapIndex);
            }

            WriteAclIdentities(w, t);
            var expiring = new List<AclToken>();
            foreach (var kv in t.AclTokens)
            {
                if (kv.Value.ExpirationTime is not null)
                {
                    expiring.Add(kv.Value);
                }
            }

            w.Write(SnapshotFormat.SectionAclTokenExpirations);
            w.Write7BitEncodedInt(expiring.Count);
            foreach (var token in expiring)
            {
                w.Write(token.AccessorId);
                w.Write(token.ExpirationTime!.Value.UtcTicks);
            }

            w.Write(SnapshotFormat.SectionEnd);
            w.Flush();
        }

        crc.Enabled = false;
        Span<byte> trailer = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc.Crc);
        buffered.Write(trailer);
        buffered.Flush();
    }

    private static void Section<T>(BinaryWriter w, byte id, PersistentMap<T> map, Action<BinaryWriter, T> row)
        where T : class
    {
        w.Write(id);
        w.Write7BitEncodedInt(map.Count);
        foreach (var kv in map)
        {
            row(w, kv.Value);
        }
    }

    private static void W(BinaryWriter w, ulong v) => w.Write7BitEncodedInt64((long)v);

    private static void W(BinaryWriter w, IReadOnlyDictionary<string, string> d)
    {
        w.Write7BitEncodedInt(d.Count);
        foreach (var (k, v) in d.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.Write(k);
            w.Write(v);
        }
    }

    private static void W(BinaryWriter w, IReadOnlyList<string> list)
    {
        w.Write7BitEncodedInt(list.Count);
        foreach (var s in list)
        {
            w.Write(s);
        }
    }

    private static void W(BinaryWriter w, byte[]? bytes)
    {
        if (bytes is null)
        {
            w.Write7BitEncodedInt(0);
            return;
        }

        w.Write7BitEncodedInt(bytes.Length + 1);
        w.Write(bytes);
    }

    private static void WriteNode(BinaryWriter w, Node n)
    {
        w.Write(n.Name);
        w.Write(n.Id);
        w.Write(n.Address);
        w.Write(n.Datacenter);
        W(w, n.TaggedAddresses);
        W(w, n.Meta);
        W(w, n.CreateIndex);
        W(w, n.ModifyIndex);
    }

    private static void WriteService(BinaryWriter w, ServiceInstance s)
    {
        w.Write(s.Node);
        w.Write(s.Id);
        w.Write(s.Name);
        w.Write(s.Kind);
        W(w, s.Tags);
        w.Write(s.Address);
        w.Write7BitEncodedInt(s.TaggedAddresses.Count);
        foreach (var (k, v) in s.TaggedAddresses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.Write(k);
            w.Write(v.Address);
            w.Write(v.Port);
        }

        W(w, s.Meta);
        w.Write(s.Port);
        w.Write(s.Weights.Passing);
        w.Write(s.Weights.Warning);
        w.Write(s.EnableTagOverride);
        W(w, s.CreateIndex);
        W(w, s.ModifyIndex);
    }

    private static void WriteCheck(BinaryWriter w, HealthCheck c)
    {
        w.Write(c.Node);
        w.Write(c.CheckId);
        w.Write(c.Name);
        w.Write(c.Status);
        w.Write(c.Notes);
        w.Write(c.Output);
        w.Write(c.ServiceId);
        w.Write(c.ServiceName);
        W(w, c.ServiceTags);
        w.Write(c.Type);
        w.Write(c.Interval);
        w.Write(c.Timeout);
        var d = c.Definition;
        w.Write(d.Http);
        w.Write(d.TlsServerName);
        w.Write(d.TlsSkipVerify);
        w.Write7BitEncodedInt(d.Header.Count);
        foreach (var (k, v) in d.Header.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.Write(k);
            W(w, v);
        }

        w.Write(d.Method);
        w.Write(d.Body);
        w.Write(d.Tcp);
        w.Write(d.Grpc);
        w.Write(d.GrpcUseTls);
        w.Write(d.Interval);
        w.Write(d.Timeout);
        w.Write(d.DeregisterCriticalServiceAfter);
        W(w, c.CreateIndex);
        W(w, c.ModifyIndex);
    }

    private static void WriteKv(BinaryWriter w, KvEntry e)
    {
        w.Write(e.Key);
        W(w, e.Flags);
        W(w, e.Value);
        w.Write(e.Session);
        W(w, e.LockIndex);
        W(w, e.CreateIndex);
        W(w, e.ModifyIndex);
    }

    private static void WriteSession(BinaryWriter w, Session s)
    {
        w.Write(s.Id);
        w.Write(s.Name);
        w.Write(s.Node);
        W(w, s.NodeChecks);
        W(w, s.ServiceChecks);
        w.Write(s.LockDelay.Ticks);
        w.Write(s.Behavior);
        w.Write(s.Ttl);
        W(w, s.CreateIndex);
        W(w, s.ModifyIndex);
    }

    private static void WriteCoordinate(BinaryWriter w, Coordinate c)
    {
        w.Write(c.Node);
        w.Write(c.Segment);
        w.Write7BitEncodedInt(c.Coord.Vec.Count);
        foreach (var v in c.Coord.Vec)
        {
            w.Write(v);
        }

        w.Write(c.Coord.Error);
        w.Write(c.Coord.Adjustment);
        w.Write(c.Coord.Height);
        W(w, c.CreateIndex);
        W(w, c.ModifyIndex);
    }

    private static void WriteAutopilot(BinaryWriter w, AutopilotConfig c)
    {
        w.Write(c.CleanupDeadServers);
        w.Write(c.LastContactThreshold.Ticks);
        W(w, c.MaxTrailingLogs);
        w.Write(c.MinQuorum);
        w.Write(c.ServerStabilizationTime.Ticks);
        w.Write(c.RedundancyZoneTag);
        w.Write(c.DisableUpgradeMigration);
        w.Write(c.UpgradeVersionTag);
        W(w, c.CreateIndex);
        W(w, c.ModifyIndex);
    }

    private static void WritePreparedQuery(BinaryWriter w, PreparedQuery q)
    {
        w.Write(q.Id);
        w.Write(q.Name);
        w.Write(q.Session);
        w.Write(q.Token);
        W(w, q.Definition);
        W(w, q.CreateIndex);
        W(w, q.ModifyIndex);
    }

    private static void WriteAclToken(BinaryWriter w, AclToken t)
    {
        w.Write(t.AccessorId);
        w.Write(t.SecretId);
        w.Write(t.Description);
        W(w, t.Policies);
        W(w, t.Roles);
        w.Write(t.Local);
        w.Write(t.CreateTime.UtcTicks);
        W(w, t.Hash);
        W(w, t.CreateIndex);
        W(w, t.ModifyIndex);
    }

    private static void WriteAclPolicy(BinaryWriter w, AclPolicy p)
    {
        w.Write(p.Id);
        w.Write(p.Name);
        w.Write(p.Description);
        w.Write(p.Rules);
        W(w, p.Datacenters);
        W(w, p.Hash);
        W(w, p.CreateIndex);
        W(w, p.ModifyIndex);
    }

    private static void WriteAclRole(BinaryWriter w, AclRole r)
    {
        w.Write(r.Id);
        w.Write(r.Name);
        w.Write(r.Description);
        W(w, r.Policies);
        W(w, r.Hash);
        W(w, r.CreateIndex);
        W(w, r.ModifyIndex);
    }

    private static void WriteAclIdentities(BinaryWriter w, Tables t)
    {
        var rows = new List<(byte Kind, string Id, IReadOnlyList<AclServiceIdentity> Services, IReadOnlyList<AclNodeIdentity> Nodes)>();
        foreach (var kv in t.AclTokens)
        {
            if (kv.Value.ServiceIdentities.Count > 0 || kv.Value.NodeIdentities.Count > 0)
            {
                rows.Add((1, kv.Value.AccessorId, kv.Value.ServiceIdentities, kv.Value.NodeIdentities));
            }
        }

        foreach (var kv in t.AclRoles)
        {
            if (kv.Value.ServiceIdentities.Count > 0 || kv.Value.NodeIdentities.Count > 0)
            {
                rows.Add((2, kv.Value.Id, kv.Value.ServiceIdentities, kv.Value.NodeIdentities));
            }
        }

        w.Write(SnapshotFormat.SectionAclIdentities);
        w.Write7BitEncodedInt(rows.Count);
        foreach (var (kind, id, services, nodes) in rows)
        {
            w.Write(kind);
            w.Write(id);
            w.Write7BitEncodedInt(services.Count);
            foreach (var s in services)
            {
                w.Write(s.ServiceName);
                W(w, s.Datacenters);
            }

            w.Write7BitEncodedInt(nodes.Count);
            foreach (var n in nodes)
            {
                w.Write(n.NodeName);
                w.Write(n.Datacenter);
            }
        }
    }
}
