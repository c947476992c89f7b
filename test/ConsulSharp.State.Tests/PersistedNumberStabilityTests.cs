using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Tests;

/// <summary>Numbers that are written to raft logs or snapshots: append-only, never renumbered.</summary>
public sealed class PersistedNumberStabilityTests
{
    [Fact]
    public void Txn_kv_verbs_keep_their_values()
    {
        Assert.Equal(
            [(1, "Set"), (2, "Delete"), (3, "DeleteCas"), (4, "DeleteTree"), (5, "Cas"), (6, "Lock"), (7, "Unlock"), (8, "Get"), (9, "GetTree"), (10, "CheckSession"), (11, "CheckIndex"), (12, "CheckNotExists"), (13, "GetOrEmpty")],
            Enum.GetValues<TxnKvVerb>().Select(v => ((int)v, v.ToString())));
    }

    [Fact]
    public void Txn_catalog_verbs_keep_their_values()
    {
        Assert.Equal(
            [(1, "Get"), (2, "Set"), (3, "Cas"), (4, "Delete"), (5, "DeleteCas")],
            Enum.GetValues<TxnCatalogVerb>().Select(v => ((int)v, v.ToString())));
    }

    [Fact]
    public void Snapshot_section_ids_keep_their_values()
    {
        Assert.Equal(
            new byte[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
            new[]
            {
                SnapshotFormat.SectionEnd, SnapshotFormat.SectionNodes, SnapshotFormat.SectionServices, SnapshotFormat.SectionChecks,
                SnapshotFormat.SectionKvs, SnapshotFormat.SectionTombstones, SnapshotFormat.SectionSessions,
                SnapshotFormat.SectionCoordinates, SnapshotFormat.SectionPreparedQueries, SnapshotFormat.SectionServiceIndexes,
                SnapshotFormat.SectionAutopilot, SnapshotFormat.SectionAclTokens, SnapshotFormat.SectionAclPolicies,
                SnapshotFormat.SectionAclRoles, SnapshotFormat.SectionAclBootstrap, SnapshotFormat.SectionAclIdentities,
                SnapshotFormat.SectionAclTokenExpirations,
            });
    }
}
