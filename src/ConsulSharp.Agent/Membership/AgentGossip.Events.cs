using System.Text.RegularExpressions;
using ConsulSharp.Gossip.Serf;

namespace ConsulSharp.Agent.Membership;

public sealed partial class AgentGossip
{
    /// <summary>The serf user-event name prefix of Consul user events.</summary>
    public const string UserEventPrefix = "consul:event:";

    /// <summary>
    /// Fires a user event into the LAN pool (Consul: the server it reaches over RPC does this; here the agent's own
    /// pool, which gossips it the same way). Returns the event as Consul answers it: a fresh ID, version 1, LTime 0.
    /// Throws <see cref="ArgumentException"/> with Consul's texts for invalid filters.
    /// </summary>
    public async Task<ConsulUserEvent> FireEventAsync(string name, byte[]? payload, string nodeFilter, string serviceFilter, string tagFilter, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("User event missing name");
        }

        if (tagFilter.Length > 0 && serviceFilter.Length == 0)
        {
            throw new ArgumentException("Cannot provide tag filter without service filter");
        }

        foreach (var (filter, what) in new[] { (nodeFilter, "node"), (serviceFilter, "service"), (tagFilter, "tag") })
        {
            if (filter.Length > 0 && TryRegex(filter) is null)
            {
                throw new ArgumentException($"Invalid {what} filter: error parsing regexp: {filter}");
            }
        }

        var e = new ConsulUserEvent
        {
            Id = Guid.NewGuid().ToString(),
            Name = name,
            Payload = payload is { Length: > 0 } ? payload : null,
            NodeFilter = nodeFilter,
            ServiceFilter = serviceFilter,
            TagFilter = tagFilter,
        };
        var lan = Pool(wan: false);
        try
        {
            await lan.UserEventAsync(UserEventPrefix + name, UserEventCodec.Encode(e), coalesce: false, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }

        return e;
    }

    private void HandleUserEvent(UserEvent u)
    {
        if (!u.Name.StartsWith(UserEventPrefix, StringComparison.Ordinal))
        {
            return;
        }

        ConsulUserEvent e;
        try
        {
            e = UserEventCodec.Decode(u.Payload) with { LTime = u.LamportTime };
        }
        catch (FormatException ex)
        {
            Log.EventDecodeFailed(_log, ex.Message);
            return;
        }

        if (e.Version > ConsulUserEvent.MaxVersion)
        {
            Log.EventVersion(_log, e.Version, e.Name);
        }

        if (!ShouldProcess(e))
        {
            return;
        }

        if (e.Name == RemoteExecEventName)
        {
            // Consul's remote exec (`consul exec`) travels as the "_rexec" user event; it is handled, never listed.
            if (_agent.Config.DisableRemoteExec)
            {
                Log.RemoteExecDisabled(_log, e.Name, e.Id);
            }
            else
            {
                RemoteExecRequested?.Invoke(e);
            }

            return;
        }

        Log.NewEvent(_log, e.Name, e.Id);
        Events.Add(e);
    }

    /// <summary>The user event name of Consul's remote exec.</summary>
    public const string RemoteExecEventName = "_rexec";

    /// <summary>A remote exec event for this node arrived (and <c>disable_remote_exec</c> is off).</summary>
    public event Action<ConsulUserEvent>? RemoteExecRequested;

    /// <summary>Consul's event filters: node name, then a local service whose name (and one tag) match.</summary>
    private bool ShouldProcess(ConsulUserEvent e)
    {
        if (e.NodeFilter.Length > 0 && (TryRegex(e.NodeFilter) is not { } node || !node.IsMatch(_agent.Config.NodeName)))
        {
            return false;
        }

        if (e.ServiceFilter.Length == 0)
        {
            return true;
        }

        var service = TryRegex(e.ServiceFilter);
        var tag = e.TagFilter.Length > 0 ? TryRegex(e.TagFilter) : null;
        if (service is null || (e.TagFilter.Length > 0 && tag is null))
        {
            return false;
        }

        var services = _local?.Services() ?? [];
        return services.Any(s => service.IsMatch(s.Name) && (tag is null || s.Tags.Any(tag.IsMatch)));
    }

    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
