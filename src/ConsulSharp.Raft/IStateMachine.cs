namespace ConsulSharp.Raft;

/// <summary>
/// The replicated state machine. Called from one thread (the node's apply loop), in log order.
/// <see cref="Apply"/> must be deterministic: the same commands in the same order give the same state and responses on
/// every server. Throwing from <see cref="Apply"/> stops the node (a command that cannot be applied is a fatal bug).
/// </summary>
public interface IStateMachine
{
    /// <summary>Applies the committed command at <paramref name="index"/>; the result goes back to the proposer.</summary>
    object? Apply(ulong index, ulong term, ReadOnlyMemory<byte> command);

    /// <summary>
    /// Captures a point-in-time view quickly (on the apply loop); the returned snapshot is then written on another thread
    /// while <see cref="Apply"/> goes on, so it must not see later changes.
    /// </summary>
    IStateMachineSnapshot CreateSnapshot();

    /// <summary>Replaces the whole state with a snapshot's (on the apply loop).</summary>
    void Restore(Stream snapshot);
}
