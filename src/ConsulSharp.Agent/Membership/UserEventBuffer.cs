namespace ConsulSharp.Agent.Membership;

/// <summary>
/// The last <see cref="Capacity"/> user events this agent accepted, oldest first (Consul's ring of 256), and a change
/// signal for <c>/v1/event/list</c> blocking queries. Thread safe.
/// </summary>
public sealed class UserEventBuffer
{
    public const int Capacity = 256;

    private readonly Lock _gate = new();
    private readonly Queue<ConsulUserEvent> _events = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Add"/> after it was read.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public void Add(ConsulUserEvent e)
    {
        TaskCompletionSource fire;
        lock (_gate)
        {
            _events.Enqueue(e);
            while (_events.Count > Capacity)
            {
                _events.Dequeue();
            }

            fire = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fire.TrySetResult();
    }

    public IReadOnlyList<ConsulUserEvent> List()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }
}
