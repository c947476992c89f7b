using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

/// <summary>The KV endpoint of a server: writes through Raft, reads through the blocking query engine.</summary>
public sealed class KvsService(ConsulServer server)
{
    public async Task<bool> ApplyAsync(string op, KvEntry entry, CancellationToken cancellationToken)
    {
        if (op == "lock" && server.Time.GetUtcNow() < server.State.KvLockDelayExpiration(entry.Key))
        {
            // The key is inside the lock-delay of a session that held it: refuse without a log entry, as Consul does.
            return false;
        }

        var command = new KvsCommand { Op = op, Entry = entry, NowUnixMs = server.Time.GetUtcNow().ToUnixTimeMilliseconds() };
        var response = await server.ApplyAsync(CommandCodec.Kvs(command), cancellationToken).ConfigureAwait(false);
        return response is true;
    }

    public Task<QueryResponse<KvEntry?>> GetAsync(string key, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) =>
        {
            // Consul's KVS.Get: an existing key answers with its own ModifyIndex (so writes to other keys do not end a
            // blocking read); a missing one with the table index, so clients can block until it appears.
            var r = s.KvGet(key, ws);
            return r.Value is { } e ? new QueryResult<KvEntry?>(e.ModifyIndex, e) : r;
        }, cancellationToken);

    public Task<QueryResponse<IReadOnlyList<KvEntry>>> ListAsync(string prefix, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.KvList(prefix, ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<string>>> KeysAsync(string prefix, string separator, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.KvKeys(prefix, separator, ws), cancellationToken);
}
