namespace ConsulSharp.Raft;

/// <summary>A point-in-time state captured by <see cref="IStateMachine.CreateSnapshot"/>.</summary>
public interface IStateMachineSnapshot : IDisposable
{
    /// <summary>Writes the state; runs concurrently with <see cref="IStateMachine.Apply"/>.</summary>
    Task WriteToAsync(Stream destination, CancellationToken cancellationToken);
}
