namespace ConsulSharp.State;

/// <summary>
/// The state snapshot file format. Layout: magic "CSSTATE\n", u32 format version, then the header (last index, table
/// indexes), then sections (u8 section id, 7-bit row count, rows) in id order, a 0 section id, and a little-endian
/// CRC-32C of every preceding byte. Format versions and section ids are append-only: never renumber or reuse them.
/// </summary>
public static class SnapshotFormat
{
    public const uint CurrentVersion = 1;

    internal static ReadOnlySpan<byte> Magic => "CSSTATE\n"u8;

    internal const byte SectionEnd = 0;
    internal const byte SectionNodes = 1;
    internal const byte SectionServices = 2;
    internal const byte SectionChecks = 3;
    internal const byte SectionKvs = 4;
    internal const byte SectionTombstones = 5;
    internal const byte SectionSessions = 6;
    internal const byte SectionCoordinates = 7;
    internal const byte SectionPreparedQueries = 8;
    internal const byte SectionServiceIndexes = 9;

    /// <summary>Autopilot configuration: u8 present flag, then the row; then the table index (7-bit).</summary>
    internal const byte SectionAutopilot = 10;

    /// <summary>ACL tokens: rows, then the table index (7-bit). Sections 11-14 are optional: older snapshots have none.</summary>
    internal const byte SectionAclTokens = 11;

    /// <summary>ACL policies: rows, then the table index (7-bit).</summary>
    internal const byte SectionAclPolicies = 12;

    /// <summary>ACL roles: rows, then the table index (7-bit).</summary>
    internal const byte SectionAclRoles = 13;

    /// <summary>ACL bootstrap: no row (never bootstrapped) or one row, the bootstrap index (7-bit).</summary>
    internal const byte SectionAclBootstrap = 14;

    /// <summary>Service and node identities of ACL tokens and roles: rows (u8 kind 1 token / 2 role, ID, identities)
    /// for the rows that have any. A separate section so rows of sections 11 and 13 keep their layout.</summary>
    internal const byte SectionAclIdentities = 15;

    /// <summary>Expiration times of ACL tokens that have one: rows (AccessorID, UTC ticks).</summary>
    internal const byte SectionAclTokenExpirations = 16;

    /// <summary>Largest string or byte field accepted on restore (guards allocations on a corrupt stream).</summary>
    internal const int MaxFieldLength = 64 * 1024 * 1024;
}
