using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Contracts.Health;
using ConsulSharp.Contracts.Query;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.PreparedQueries;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using ConsulSharp.State;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Dns;

/// <summary>
/// DNS reads through the agent's own HTTP API dispatcher (<see cref="IForwardedRequestHandler"/>), which sends them on
/// to a server (client agents) or to another datacenter (<c>?dc=</c>), exactly as an HTTP client's request would go:
/// <c>/v1/health/service/:name</c>, <c>/v1/catalog/node/:name</c>, <c>/v1/query/:name/execute</c>,
/// <c>/v1/catalog/nodes</c>, stale unless <c>allow_stale</c> is off. Results (failures included) are cached for
/// <see cref="DnsOptions.RemoteCacheTtl"/> (1 s by default) after they arrive; a miss starts one fetch per key
/// (concurrent questions share it) and returns it as <see cref="DnsReadStatus.Pending"/>. The cache is emptied at
/// <see cref="MaxEntries"/> keys.
/// </summary>
internal sealed class RemoteDnsCatalog : IDnsCatalog
{
    internal const int MaxEntries = 4096;
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    private readonly IForwardedRequestHandler _api;
    private readonly DnsOptions _options;
    private readonly string _datacenter;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationToken _stopping;
    private readonly Func<string>? _token;
    private readonly ConcurrentDictionary<string, Task<Result>> _entries = new(StringComparer.Ordinal);
    private long _fetches;

    /// <summary>
    /// Set (on the answering thread, around one synchronous resolve) while a question that waited for a fetch is
    /// answered again: it takes the completed result whatever its age, so a zero TTL or a slow thread cannot send it
    /// back to wait for another fetch.
    /// </summary>
    [ThreadStatic]
    internal static bool AnsweringWaiter;

    /// <summary><paramref name="token"/> (ACLs enabled) gives the current DNS token: every read carries it
    /// (<c>X-Consul-Token</c>, so the server filters the answer for it) and the cache is keyed by it, so an answer
    /// filtered for one token is never served to another.</summary>
    public RemoteDnsCatalog(IForwardedRequestHandler api, DnsOptions options, TimeProvider time, ILogger log, CancellationToken stopping, Func<string>? token = null)
    {
        _token = token;
        _api = api;
        _options = options;
        _datacenter = options.Datacenter.ToLowerInvariant();
        _time = time;
        _log = log;
        _stopping = stopping;
    }

    /// <summary>How many fetches were started (tests check that the cache absorbs repeated questions).</summary>
    internal long Fetches => Interlocked.Read(ref _fetches);

    public DnsRead<DnsInstance[]> Healthy(string datacenter, string service, string? tag)
    {
        var query = tag is null ? "" : "tag=" + Uri.EscapeDataString(tag);
        return Read<DnsInstance[]>($"h|{datacenter}|{service.ToLowerInvariant()}|{tag?.ToLowerInvariant()}", datacenter, "/v1/health/service/" + service, query, body =>
            DnsServiceCache.Filter(Instances(JsonSerializer.Deserialize(body, ConsulJson.Info<List<CheckServiceNodeEntry>>(false)) ?? []), _options.OnlyPassing));
    }

    public DnsRead<DnsInstance[]> NameServers(string datacenter) =>
        Read<DnsInstance[]>($"ns|{datacenter}", datacenter, "/v1/health/service/consul", "", body =>
            DnsServiceCache.Filter(Instances(JsonSerializer.Deserialize(body, ConsulJson.Info<List<CheckServiceNodeEntry>>(false)) ?? []), onlyPassing: false));

    public DnsRead<Node?> Node(string datacenter, string name) =>
        Read<Node?>($"n|{datacenter}|{name.ToLowerInvariant()}", datacenter, "/v1/catalog/node/" + name, "", body =>
            JsonSerializer.Deserialize(body, ConsulJson.Info<CatalogNodeEntry>(false)) is { } entry ? ToNode(entry.Node) : null);

    public DnsRead<ExecuteResult?> Query(string datacenter, string name, string agentNode) =>
        Read<ExecuteResult?>($"q|{datacenter}|{name.ToLowerInvariant()}", datacenter, $"/v1/query/{name}/execute", "", body =>
        {
            var r = JsonSerializer.Deserialize(body, ConsulJson.Info<PreparedQueryExecuteResponse>(false));
            return r is null ? null : new ExecuteResult(r.Service, Instances(r.Nodes), new QueryDnsOptions { Ttl = r.DNS.TTL ?? "" }, r.Datacenter, r.Failovers);
        });

    /// <summary>Nodes only: a client agent does not fetch every service to match service addresses (Consul's client
    /// answers from the node list too, then the service dump; the second half is not done here).</summary>
    public DnsRead<string?> Ptr(IPAddress address, string datacenter, string domain)
    {
        var nodes = Read<List<NodeEntry>>($"p|{datacenter}", datacenter, "/v1/catalog/nodes", "", body =>
            JsonSerializer.Deserialize(body, ConsulJson.Info<List<NodeEntry>>(false)) ?? []);
        if (nodes.Status != DnsReadStatus.Ok)
        {
            return new DnsRead<string?>(nodes.Status, null, nodes.Pending);
        }

        foreach (var node in nodes.Value!)
        {
            if (IPAddress.TryParse(node.Address, out var ip) && ip.Equals(address))
            {
                var dc = node.Datacenter.Length > 0 ? node.Datacenter.ToLowerInvariant() : datacenter;
                var target = $"{node.Node}.node.{dc}.{domain}";
                if (DnsResolver.IsEncodable(target))
                {
                    return DnsRead<string?>.Of(target);
                }
            }
        }

        return DnsRead<string?>.Of(null);
    }

    private DnsRead<T> Read<T>(string key, string datacenter, string path, string query, Func<byte[], T> parse)
    {
        var token = _token?.Invoke() ?? "";
        if (token.Length > 0)
        {
            key = token + "|" + key;
        }

        while (true)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (!entry.IsCompleted)
                {
                    return DnsRead<T>.Wait(entry);
                }

                var result = entry.Result;
                if (AnsweringWaiter || _time.GetElapsedTime(result.At) < _options.RemoteCacheTtl)
                {
                    return result.Status == DnsReadStatus.Ok ? DnsRead<T>.Of((T?)result.Value) : DnsRead<T>.Fail(result.Status);
                }
            }
            else if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            var fetch = new TaskCompletionSource<Result>(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = entry is null ? _entries.TryAdd(key, fetch.Task) : _entries.TryUpdate(key, fetch.Task, entry);
            if (started)
            {
                Interlocked.Increment(ref _fetches);
                // Off the caller's thread: the dispatcher's synchronous part must not hold up a DNS receive loop.
                _ = Task.Run(() => FetchAsync(fetch, datacenter, path, query, token, parse), CancellationToken.None);
                return DnsRead<T>.Wait(fetch.Task);
            }
        }
    }

    private async Task FetchAsync<T>(TaskCompletionSource<Result> done, string datacenter, string path, string query, string token, Func<byte[], T> parse)
    {
        DnsReadStatus status;
        object? value = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            timeout.CancelAfter(FetchTimeout);
            var reply = await _api.HandleAsync(Request(datacenter, path, query, token), timeout.Token).ConfigureAwait(false);
            var body = reply.Body.ToByteArray();
            switch (reply.Status)
            {
                case 200:
                    value = parse(body);
                    status = DnsReadStatus.Ok;
                    break;
                case 404 when path.StartsWith("/v1/query/", StringComparison.Ordinal):
                    status = DnsReadStatus.Ok; // no such query: NXDOMAIN
                    break;
                default:
                    var text = Encoding.UTF8.GetString(body);
                    status = text.Contains(Errors.NoPathToDatacenter, StringComparison.Ordinal) ? DnsReadStatus.NoDatacenter : DnsReadStatus.Failed;
                    if (status == DnsReadStatus.Failed)
                    {
                        Log.RemoteReadFailed(_log, path, datacenter, $"{reply.Status} {text.Trim()}");
                    }

                    break;
            }
        }
#pragma warning disable CA1031 // any failure of the read becomes SERVFAIL for the questions waiting on it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RemoteReadFailed(_log, path, datacenter, ex.Message);
            status = DnsReadStatus.Failed;
        }

        done.SetResult(new Result(status, value, _time.GetTimestamp()));
    }

    private ForwardRequest Request(string datacenter, string path, string query, string token)
    {
        var parts = new List<string>(3);
        if (_options.AllowStale)
        {
            parts.Add("stale");
        }

        if (!string.Equals(datacenter, _datacenter, StringComparison.Ordinal))
        {
            parts.Add("dc=" + Uri.EscapeDataString(datacenter));
        }

        if (query.Length > 0)
        {
            parts.Add(query);
        }

        var request = new ForwardRequest { Method = "GET", Path = path, Query = parts.Count == 0 ? "" : "?" + string.Join('&', parts) };
        if (token.Length > 0)
        {
            request.Headers.Add(new HttpHeader { Name = "X-Consul-Token", Values = { token } });
        }

        return request;
    }

    private static CheckServiceNode[] Instances(List<CheckServiceNodeEntry> entries) =>
        [.. entries.Select(e => new CheckServiceNode(
            ToNode(e.Node),
            new ServiceInstance
            {
                Node = e.Node.Node,
                Id = e.Service.ID,
                Name = e.Service.Service,
                Tags = e.Service.Tags,
                Address = e.Service.Address,
                Port = e.Service.Port,
                Meta = e.Service.Meta ?? StructEquality.EmptyStrings,
                Weights = e.Service.Weights is { } w ? new ServiceWeights(w.Passing, w.Warning) : ServiceWeights.Default,
            },
            [.. e.Checks.Select(c => new HealthCheck { Node = c.Node, CheckId = c.CheckID, Name = c.Name, Status = c.Status, ServiceId = c.ServiceID, ServiceName = c.ServiceName })]))];

    private static Node ToNode(NodeEntry n) => new()
    {
        Name = n.Node,
        Id = n.ID,
        Address = n.Address,
        Datacenter = n.Datacenter,
        TaggedAddresses = n.TaggedAddresses ?? StructEquality.EmptyStrings,
        Meta = n.Meta ?? StructEquality.EmptyStrings,
    };

    private sealed record Result(DnsReadStatus Status, object? Value, long At);
}
