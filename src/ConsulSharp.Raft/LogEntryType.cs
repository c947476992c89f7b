namespace ConsulSharp.Raft;

/// <summary>Kind of a replicated log entry. Persisted: values are append-only.</summary>
public enum LogEntryType : byte
{
    /// <summary>A command for the state machine.</summary>
    Command = 1,

    /// <summary>Appended by a new leader (and by barriers); never reaches the state machine.</summary>
    Noop = 2,

    /// <summary>A cluster membership configuration (<see cref="RaftConfiguration"/> encoded).</summary>
    Configuration = 3,
}
