using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

/// <summary>Parses a <see cref="SnapshotFormat"/> stream into fresh tables; any damage is an InvalidDataException.</summary>
internal static class SnapshotReader
{
    public static Tables Read(Stream source) => Read(source, null);

    /// <summary>
    /// Parses and verifies a whole snapshot without keeping its rows (memory stays flat): the record counts and byte
    /// sizes per section, for <c>consul snapshot inspect</c> and for checking a snapshot before restoring it.
    /// </summary>
    public static SnapshotStats Inspect(Stream source)
    {
        var stats = new SortedDictionary<byte, SnapshotRecordStats>();
        var t = Read(source, stats);
        return new SnapshotStats(t.LastIndex, [.. stats.Values], stats.Values.Sum(s => s.Size));
    }

    private static Tables Read(Stream source, SortedDictionary<byte, SnapshotRecordStats>? stats)
    {
        var crc = new Crc32CStream(new BufferedStream(source, 1 << 16));
        Tables t;
        try
        {
            using var r = new BinaryReader(crc, Encoding.UTF8, leaveOpen: true);
            t = stats is null ? ReadBody(r, null) : ReadBody(r, (section, count, read) =>
            {
                var start = crc.Count;
                for (var i = 0; i < count; i++)
                {
                    read(r);
                }

                stats[section] = new SnapshotRecordStats(SectionName(section), count, crc.Count - start);
            });
            crc.Enabled = false;
            var expected = crc.Crc;
            Span<byte> trailer = stackalloc byte[4];
            crc.ReadExactly(trailer);
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) != expected)
            {
                throw new InvalidDataException("State snapshot checksum mismatch: the snapshot is corrupt.");
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or OverflowException or FormatException)
        {
            throw new InvalidDataException("State snapshot is truncated or corrupt: " + ex.Message, ex);
        }

        return t;
    }

    private static string SectionName(byte section) => section switch
    {
        SnapshotFormat.SectionNodes => "Nodes",
        SnapshotFormat.SectionServices => "Services",
        SnapshotFormat.SectionChecks => "Checks",
        SnapshotFormat.SectionKvs => "KVS",
        SnapshotFormat.SectionTombstones => "Tombstone",
        SnapshotFormat.SectionSessions => "Session",
        SnapshotFormat.SectionCoordinates => "CoordinateBatchUpdate",
        SnapshotFormat.SectionPreparedQueries => "PreparedQuery",
        SnapshotFormat.SectionServiceIndexes => "Index",
        SnapshotFormat.SectionAutopilot => "Autopilot",
        SnapshotFormat.SectionAclTokens => "ACLToken",
        SnapshotFormat.SectionAclPolicies => "ACLPolicy",
        SnapshotFormat.SectionAclRoles => "ACLRole",
        SnapshotFormat.SectionAclBootstrap => "ACLBootstrap",
        SnapshotFormat.SectionAclIdentities => "ACLIdentities",
        SnapshotFormat.SectionAclTokenExpirations => "ACLTokenExpirations",
        _ => "Section" + section.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Reads one row of a section and discards it (inspection).</summary>
    private static Action<BinaryReader>? RowReader(byte section) => section switch
    {
        SnapshotFormat.SectionNodes => r => ReadNode(r),
        SnapshotFormat.SectionServices => r => ReadService(r),
        SnapshotFormat.SectionChecks => r => ReadCheck(r),
        SnapshotFormat.SectionKvs => r => ReadKv(r),
        SnapshotFormat.SectionTombstones => r =>
        {
            r.ReadString();
            U(r);
        },
        SnapshotFormat.SectionSessions => r => ReadSession(r),
        SnapshotFormat.SectionCoordinates => r => ReadCoordinate(r),
        SnapshotFormat.SectionPreparedQueries => r => ReadPreparedQuery(r),
        SnapshotFormat.SectionServiceIndexes => r =>
        {
            r.ReadString();
            U(r);
        },
        SnapshotFormat.SectionAutopilot => r => ReadAutopilot(r),
        SnapshotFormat.SectionAclTokens => r => ReadAclToken(r),
        SnapshotFormat.SectionAclPolicies => r => ReadAclPolicy(r),
        SnapshotFormat.SectionAclRoles => r => ReadAclRole(r),
        SnapshotFormat.SectionAclBootstrap => r => U(r),
        SnapshotFormat.SectionAclIdentities => r => ReadAclIdentities(r),
        SnapshotFormat.SectionAclTokenExpirations => r =>
        {
            r.ReadString();
            r.ReadInt64();
        },
        _ => null,
    };

    private static Tables ReadBody(BinaryReader r, Action<byte, int, Action<BinaryReader>>? skip)
    {
        Span<byte> magic = stackalloc byte[SnapshotFormat.Magic.Length];
        r.BaseStream.ReadExactly(magic);
        if (!magic.SequenceEqual(SnapshotFormat.Magic))
        {
            throw new InvalidDataException("Not a state snapshot (bad magic).");
        }

        var version = r.ReadUInt32();
        if (version is 0 or > SnapshotFormat.CurrentVersion)
        {
            throw new InvalidDataException($"Unsupported state snapshot format version {version}.");
        }

        var t = new Tables
        {
            LastIndex = r.ReadUInt64(),
            NodesIndex = r.ReadUInt64(),
            ServicesIndex = r.ReadUInt64(),
            ChecksIndex = r.ReadUInt64(),
            KvsIndex = r.ReadUInt64(),
            TombstonesIndex = r.ReadUInt64(),
            SessionsIndex = r.ReadUInt64(),
            SessionChecksIndex = r.ReadUInt64(),
            CoordinatesIndex = r.ReadUInt64(),
            PreparedQueriesIndex = r.ReadUInt64(),
            ServiceLastExtinction = r.ReadUInt64(),
        };

        byte last = 0;
        while (true)
        {
            var section = r.ReadByte();
            if (section == SnapshotFormat.SectionEnd)
            {
                break;
            }

            if (section <= last)
            {
                throw new InvalidDataException($"State snapshot section {section} out of order.");
            }

            last = section;
            var count = r.Read7BitEncodedInt();
            if (count < 0)
            {
                throw new InvalidDataException("Negative row count.");
            }

            if (skip is not null)
            {
                skip(section, count, RowReader(section) ?? throw new InvalidDataException($"Unknown state snapshot section {section}."));
                if (section is SnapshotFormat.SectionAutopilot or SnapshotFormat.SectionAclTokens or SnapshotFormat.SectionAclPolicies or SnapshotFormat.SectionAclRoles)
                {
                    U(r);
                }

                continue;
            }

            switch (section)
            {
                case SnapshotFormat.SectionNodes:
                    ReadNodes(r, count, t);
                    break;
                case SnapshotFormat.SectionServices:
                    ReadServices(r, count, t);
                    break;
                case SnapshotFormat.SectionChecks:
                    t.Checks = Build(r, count, ReadCheck, c => Keys.Pair(c.Node, c.CheckId));
                    break;
                case SnapshotFormat.SectionKvs:
                    ReadKvs(r, count, t);
                    break;
                case SnapshotFormat.SectionTombstones:
                    t.Tombstones = Build(r, count, r => new Tombstone(r.ReadString(), U(r)), s => s.Key);
                    break;
                case SnapshotFormat.SectionSessions:
                    ReadSessions(r, count, t);
                    break;
                case SnapshotFormat.SectionCoordinates:
                    t.Coordinates = Build(r, count, ReadCoordinate, c => Keys.Coordinate(c.Node, c.Segment));
                    break;
                case SnapshotFormat.SectionPreparedQueries:
                    t.PreparedQueries = Build(r, count, ReadPreparedQuery, q => Keys.Lower(q.Id));
                    break;
                case SnapshotFormat.SectionServiceIndexes:
                    var b = ImmutableDictionary.CreateBuilder<string, ulong>();
                    for (var i = 0; i < count; i++)
                    {
                        b[r.ReadString()] = U(r);
                    }

                    t.ServiceIndexes = b.ToImmutable();
                    break;
                case SnapshotFormat.SectionAutopilot:
                    if (count > 1)
                    {
                        throw new InvalidDataException("More than one autopilot configuration.");
                    }

                    t.Autopilot = count == 1 ? ReadAutopilot(r) : null;
                    t.AutopilotIndex = U(r);
                    break;
                case SnapshotFormat.SectionAclTokens:
                    ReadAclTokens(r, count, t);
                    t.AclTokensIndex = U(r);
                    break;
                case SnapshotFormat.SectionAclPolicies:
                    var policyNames = new List<KeyValuePair<string, string>>(count);
                    t.AclPolicies = Build(r, count, ReadAclPolicy, p =>
                    {
                        policyNames.Add(new(Keys.Lower(p.Name), Keys.Lower(p.Id)));
                        return Keys.Lower(p.Id);
                    });
                    t.AclPolicyNames = BuildUnsorted(policyNames);
                    t.AclPoliciesIndex = U(r);
                    break;
                case SnapshotFormat.SectionAclRoles:
                    var roleNames = new List<KeyValuePair<string, string>>(count);
                    t.AclRoles = Build(r, count, ReadAclRole, x =>
                    {
                        roleNames.Add(new(Keys.Lower(x.Name), Keys.Lower(x.Id)));
                        return Keys.Lower(x.Id);
                    });
                    t.AclRoleNames = BuildUnsorted(roleNames);
                    t.AclRolesIndex = U(r);
                    break;
                case SnapshotFormat.SectionAclBootstrap:
                    if (count > 1)
                    {
                        throw new InvalidDataException("ACL bootstrap section has more than one row.");
                    }

                    t.AclBootstrapIndex = count == 1 ? U(r) : 0;
                    break;
                case SnapshotFormat.SectionAclIdentities:
                    for (var i = 0; i < count; i++)
                    {
                        ApplyAclIdentities(t, ReadAclIdentities(r));
                    }

                    break;
                case SnapshotFormat.SectionAclTokenExpirations:
                    for (var i = 0; i < count; i++)
                    {
                        var key = Keys.Lower(r.ReadString());
                        var expires = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
                        var token = t.AclTokens.Get(key) ?? throw new InvalidDataException($"ACL token expiration for an unknown token {key}.");
                        t.AclTokens = t.AclTokens.Set(key, token with { ExpirationTime = expires });
                    }

                    break;
                default:
                    throw new InvalidDataException($"Unknown state snapshot section {section}.");
            }
        }

        return t;
    }

    private static PersistentMap<T> Build<T>(BinaryReader r, int count, Func<BinaryReader, T> read, Func<T, string> key)
        where T : class
    {
        var rows = new List<KeyValuePair<string, T>>(Math.Min(count, 1 << 16));
        for (var i = 0; i < count; i++)
        {
            var row = read(r);
            rows.Add(new(key(row), row));
        }

        return PersistentMap<T>.FromSorted(rows);
    }

    private static PersistentMap<T> BuildUnsorted<T>(List<KeyValuePair<string, T>> rows)
        where T : class
    {
        rows.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return PersistentMap<T>.FromSorted(rows);
    }

    private static void ReadNodes(BinaryReader r, int count, Tables t)
    {
        var ids = new List<KeyValuePair<string, string>>();
        t.Nodes = Build(r, count, ReadNode, n =>
        {
            if (n.Id.Length > 0)
            {
                ids.Add(new(Keys.Lower(n.Id), Keys.Lower(n.Name)));
            }

            return Keys.Lower(n.Name);
        });
        t.NodeIds = BuildUnsorted(ids);
    }

    private static void ReadServices(BinaryReader r, int count, Tables t)
    {
        var byName = new SortedDictionary<string, List<KeyValuePair<string, ServiceInstance>>>(StringComparer.Ordinal);
        t.Services = Build(r, count, ReadService, s =>
        {
            var key = Keys.Pair(s.Node, s.Id);
            var name = Keys.Lower(s.Name);
            if (!byName.TryGetValue(name, out var list))
            {
                byName[name] = list = [];
            }

            list.Add(new(key, s));
            return key;
        });
        var outer = new List<KeyValuePair<string, PersistentMap<ServiceInstance>>>(byName.Count);
        foreach (var (name, list) in byName)
        {
            outer.Add(new(name, PersistentMap<ServiceInstance>.FromSorted(list)));
        }

        t.ServicesByName = PersistentMap<PersistentMap<ServiceInstance>>.FromSorted(outer);
    }

    private static void ReadKvs(BinaryReader r, int count, Tables t)
    {
        var held = new List<KeyValuePair<string, string>>();
        t.Kvs = Build(r, count, ReadKv, e =>
        {
            if (e.Session.Length > 0)
            {
                held.Add(new(Keys.SessionKv(e.Session, e.Key), e.Key));
            }

            return e.Key;
        });
        t.KvsBySession = BuildUnsorted(held);
    }

    private static void ReadSessions(BinaryReader r, int count, Tables t)
    {
        var byNode = new List<KeyValuePair<string, string>>();
        var links = new List<KeyValuePair<string, SessionCheck>>();
        t.Sessions = Build(r, count, ReadSession, s =>
        {
            byNode.Add(new(Keys.Pair(s.Node, s.Id), s.Id));
            foreach (var check in s.CheckIds())
            {
                links.Add(new(Keys.Triple(s.Node, check, s.Id), new SessionCheck(s.Node, check, s.Id)));
            }

            return Keys.Lower(s.Id);
        });
        t.SessionsByNode = BuildUnsorted(byNode);
        t.SessionChecks = BuildUnsorted(links);
    }

    private static ulong U(BinaryReader r) => (ulong)r.Read7BitEncodedInt64();

    private static int Count(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        if (n < 0 || n > SnapshotFormat.MaxFieldLength)
        {
            throw new InvalidDataException("Bad collection length.");
        }

        return n;
    }

    private static IReadOnlyDictionary<string, string> Strings(BinaryReader r)
    {
        var n = Count(r);
        if (n == 0)
        {
            return StructEquality.EmptyStrings;
        }

        var d = new Dictionary<string, string>(Math.Min(n, 1024), StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            d[r.ReadString()] = r.ReadString();
        }

        return d;
    }

    private static string[] List(BinaryReader r)
    {
        var n = Count(r);
        if (n == 0)
        {
            return [];
        }

        var list = new List<string>(Math.Min(n, 1024));
        for (var i = 0; i < n; i++)
        {
            list.Add(r.ReadString());
        }

        return list.ToArray();
    }

    private static byte[]? Bytes(BinaryReader r)
    {
        var n = Count(r);
        if (n == 0)
        {
            return null;
        }

        // BinaryReader never reads ahead, so reading the payload from the stream directly is safe (and skips zeroing).
        var bytes = GC.AllocateUninitializedArray<byte>(n - 1);
        r.BaseStream.ReadExactly(bytes);
        return bytes;
    }

    private static Node ReadNode(BinaryReader r) => new()
    {
        Name = r.ReadString(),
        Id = r.ReadString(),
        Address = r.ReadString(),
        Datacenter = r.ReadString(),
        TaggedAddresses = Strings(r),
        Meta = Strings(r),
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static ServiceInstance ReadService(BinaryReader r)
    {
        var node = r.ReadString();
        var id = r.ReadString();
        var name = r.ReadString();
        var kind = r.ReadString();
        var tags = List(r);
        var address = r.ReadString();
        var n = Count(r);
        IReadOnlyDictionary<string, ServiceAddress> tagged = FrozenDictionary<string, ServiceAddress>.Empty;
        if (n > 0)
        {
            var d = new Dictionary<string, ServiceAddress>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                d[r.ReadString()] = new ServiceAddress(r.ReadString(), r.ReadInt32());
            }

            tagged = d;
        }

        return new ServiceInstance
        {
            Node = node,
            Id = id,
            Name = name,
            Kind = kind,
            Tags = tags,
            Address = address,
            TaggedAddresses = tagged,
            Meta = Strings(r),
            Port = r.ReadInt32(),
            Weights = new ServiceWeights(r.ReadInt32(), r.ReadInt32()),
            EnableTagOverride = r.ReadBoolean(),
            CreateIndex = U(r),
            ModifyIndex = U(r),
        };
    }

    private static HealthCheck ReadCheck(BinaryReader r)
    {
        var c = new HealthCheck
        {
            Node = r.ReadString(),
            CheckId = r.ReadString(),
            Name = r.ReadString(),
            Status = r.ReadString(),
            Notes = r.ReadString(),
            Output = r.ReadString(),
            ServiceId = r.ReadString(),
            ServiceName = r.ReadString(),
            ServiceTags = List(r),
            Type = r.ReadString(),
            Interval = r.ReadString(),
            Timeout = r.ReadString(),
        };
        var http = r.ReadString();
        var tlsServerName = r.ReadString();
        var tlsSkipVerify = r.ReadBoolean();
        var n = Count(r);
        IReadOnlyDictionary<string, IReadOnlyList<string>> header = FrozenDictionary<string, IReadOnlyList<string>>.Empty;
        if (n > 0)
        {
            var d = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
            {
                d[r.ReadString()] = List(r);
            }

            header = d;
        }

        var def = new HealthCheckDefinition
        {
            Http = http,
            TlsServerName = tlsServerName,
            TlsSkipVerify = tlsSkipVerify,
            Header = header,
            Method = r.ReadString(),
            Body = r.ReadString(),
            Tcp = r.ReadString(),
            Grpc = r.ReadString(),
            GrpcUseTls = r.ReadBoolean(),
            Interval = r.ReadString(),
            Timeout = r.ReadString(),
            DeregisterCriticalServiceAfter = r.ReadString(),
        };
        return c with { Definition = def, CreateIndex = U(r), ModifyIndex = U(r) };
    }

    private static KvEntry ReadKv(BinaryReader r) => new()
    {
        Key = r.ReadString(),
        Flags = U(r),
        Value = Bytes(r),
        Session = r.ReadString(),
        LockIndex = U(r),
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static Session ReadSession(BinaryReader r) => new()
    {
        Id = r.ReadString(),
        Name = r.ReadString(),
        Node = r.ReadString(),
        NodeChecks = List(r),
        ServiceChecks = List(r),
        LockDelay = TimeSpan.FromTicks(r.ReadInt64()),
        Behavior = r.ReadString(),
        Ttl = r.ReadString(),
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static Coordinate ReadCoordinate(BinaryReader r)
    {
        var node = r.ReadString();
        var segment = r.ReadString();
        var n = Count(r);
        var vec = new double[n];
        for (var i = 0; i < n; i++)
        {
            vec[i] = r.ReadDouble();
        }

        return new Coordinate
        {
            Node = node,
            Segment = segment,
            Coord = new NetworkCoordinate(vec, r.ReadDouble(), r.ReadDouble(), r.ReadDouble()),
            CreateIndex = U(r),
            ModifyIndex = U(r),
        };
    }

    private static AutopilotConfig ReadAutopilot(BinaryReader r) => new()
    {
        CleanupDeadServers = r.ReadBoolean(),
        LastContactThreshold = TimeSpan.FromTicks(r.ReadInt64()),
        MaxTrailingLogs = U(r),
        MinQuorum = r.ReadUInt32(),
        ServerStabilizationTime = TimeSpan.FromTicks(r.ReadInt64()),
        RedundancyZoneTag = r.ReadString(),
        DisableUpgradeMigration = r.ReadBoolean(),
        UpgradeVersionTag = r.ReadString(),
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static PreparedQuery ReadPreparedQuery(BinaryReader r) => new()
    {
        Id = r.ReadString(),
        Name = r.ReadString(),
        Session = r.ReadString(),
        Token = r.ReadString(),
        Definition = Bytes(r) ?? [],
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static void ReadAclTokens(BinaryReader r, int count, Tables t)
    {
        var secrets = new List<KeyValuePair<string, string>>(count);
        t.AclTokens = Build(r, count, ReadAclToken, x =>
        {
            secrets.Add(new(x.SecretId, Keys.Lower(x.AccessorId)));
            return Keys.Lower(x.AccessorId);
        });
        t.AclTokenSecrets = BuildUnsorted(secrets);
    }

    private static AclToken ReadAclToken(BinaryReader r) => new()
    {
        AccessorId = r.ReadString(),
        SecretId = r.ReadString(),
        Description = r.ReadString(),
        Policies = List(r),
        Roles = List(r),
        Local = r.ReadBoolean(),
        CreateTime = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero),
        Hash = Bytes(r) ?? [],
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static AclPolicy ReadAclPolicy(BinaryReader r) => new()
    {
        Id = r.ReadString(),
        Name = r.ReadString(),
        Description = r.ReadString(),
        Rules = r.ReadString(),
        Datacenters = List(r),
        Hash = Bytes(r) ?? [],
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static AclRole ReadAclRole(BinaryReader r) => new()
    {
        Id = r.ReadString(),
        Name = r.ReadString(),
        Description = r.ReadString(),
        Policies = List(r),
        Hash = Bytes(r) ?? [],
        CreateIndex = U(r),
        ModifyIndex = U(r),
    };

    private static (byte Kind, string Id, AclServiceIdentity[] Services, AclNodeIdentity[] Nodes) ReadAclIdentities(BinaryReader r)
    {
        var kind = r.ReadByte();
        var id = r.ReadString();
        var services = new AclServiceIdentity[Count(r)];
        for (var i = 0; i < services.Length; i++)
        {
            services[i] = new AclServiceIdentity(r.ReadString(), List(r));
        }

        var nodes = new AclNodeIdentity[Count(r)];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new AclNodeIdentity(r.ReadString(), r.ReadString());
        }

        return (kind, id, services, nodes);
    }

    private static void ApplyAclIdentities(Tables t, (byte Kind, string Id, AclServiceIdentity[] Services, AclNodeIdentity[] Nodes) row)
    {
        var key = Keys.Lower(row.Id);
        switch (row.Kind)
        {
            case 1 when t.AclTokens.Get(key) is { } token:
                t.AclTokens = t.AclTokens.Set(key, token with { ServiceIdentities = row.Services, NodeIdentities = row.Nodes });
                break;
            case 2 when t.AclRoles.Get(key) is { } role:
                t.AclRoles = t.AclRoles.Set(key, role with { ServiceIdentities = row.Services, NodeIdentities = row.Nodes });
                break;
            default:
                throw new InvalidDataException($"ACL identities for an unknown row {row.Kind}/{row.Id}.");
        }
    }
}
