namespace ConsulSharp.Raft;

/// <summary>Whether a server's vote counts. Persisted: values are append-only.</summary>
public enum ServerSuffrage : byte
{
    /// <summary>Votes in elections and counts toward the commit quorum.</summary>
    Voter = 1,

    /// <summary>Receives the log but neither votes nor counts toward the quorum.</summary>
    Nonvoter = 2,
}
