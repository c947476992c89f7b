using System.Collections.Concurrent;
using ConsulSharp.Acl;
using ConsulSharp.State;

namespace ConsulSharp.Dns;

/// <summary>
/// The synchronous face of <see cref="IDnsAuthorizer"/> for the resolver: an authorizer at hand, or the resolution to
/// wait for (<see cref="DnsReadStatus.Pending"/>; the question is answered again when it completes), or a failure
/// (unknown token, no server: SERVFAIL, as Consul's RPC error). Only built when ACLs are enabled.
/// </summary>
internal sealed class DnsAcl
{
    private const int MaxInFlight = 256;

    private readonly IDnsAuthorizer _authorizer;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<string, Task<IAuthorizer>> _inFlight = new(StringComparer.Ordinal);

    public DnsAcl(IDnsAuthorizer authorizer, CancellationToken stopping)
    {
        _authorizer = authorizer;
        _stopping = stopping;
    }

    /// <summary>The current DNS token.</summary>
    public string Token => _authorizer.Token;

    /// <summary>The authorizer of the current DNS token.</summary>
    public DnsRead<IAuthorizer> Current() => For(Token);

    /// <summary>The authorizer of <paramref name="token"/>.</summary>
    public DnsRead<IAuthorizer> For(string token)
    {
        if (_inFlight.TryGetValue(token, out var waiting))
        {
            if (!waiting.IsCompleted)
            {
                return DnsRead<IAuthorizer>.Wait(waiting);
            }

            // The question that waited takes this result (later ones resolve again: the resolver caches).
            _inFlight.TryRemove(new KeyValuePair<string, Task<IAuthorizer>>(token, waiting));
            return waiting.IsCompletedSuccessfully ? DnsRead<IAuthorizer>.Of(waiting.Result) : DnsRead<IAuthorizer>.Fail(DnsReadStatus.Failed);
        }

        ValueTask<IAuthorizer> resolve;
        try
        {
            resolve = _authorizer.ResolveAsync(token, _stopping);
        }
#pragma warning disable CA1031 // an unresolvable token answers SERVFAIL, as Consul's failed RPC
        catch (Exception)
#pragma warning restore CA1031
        {
            return DnsRead<IAuthorizer>.Fail(DnsReadStatus.Failed);
        }

        if (resolve.IsCompletedSuccessfully)
        {
            return DnsRead<IAuthorizer>.Of(resolve.Result);
        }

        if (resolve.IsCompleted)
        {
            _ = resolve.AsTask().Exception; // observed
            return DnsRead<IAuthorizer>.Fail(DnsReadStatus.Failed);
        }

        if (_inFlight.Count >= MaxInFlight)
        {
            _inFlight.Clear();
        }

        var task = resolve.AsTask();
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _inFlight[token] = task;
        return DnsRead<IAuthorizer>.Wait(task);
    }

    /// <summary>Consul's filter for health results: <c>service:read</c> on the service and <c>node:read</c> on the
    /// instance's node. Returns <paramref name="instances"/> itself when nothing is dropped.</summary>
    public static DnsInstance[] Filter(IAuthorizer authz, DnsInstance[] instances)
    {
        List<DnsInstance>? kept = null;
        for (var i = 0; i < instances.Length; i++)
        {
            var allowed = Allowed(authz, instances[i].Instance);
            if (!allowed && kept is null)
            {
                kept = new List<DnsInstance>(instances.Length);
                kept.AddRange(instances.AsSpan(0, i));
            }
            else if (allowed)
            {
                kept?.Add(instances[i]);
            }
        }

        return kept is null ? instances : [.. kept];
    }

    /// <summary>The same filter over prepared-query results.</summary>
    public static IReadOnlyList<CheckServiceNode> Filter(IAuthorizer authz, IReadOnlyList<CheckServiceNode> nodes)
    {
        foreach (var n in nodes)
        {
            if (!Allowed(authz, n))
            {
                return [.. nodes.Where(x => Allowed(authz, x))];
            }
        }

        return nodes;
    }

    private static bool Allowed(IAuthorizer authz, CheckServiceNode n) => authz.NodeRead(n.Node.Name) && authz.ServiceRead(n.Service.Name);
}
