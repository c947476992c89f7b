using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

/// <summary>The transaction endpoint: read-only transactions are answered from one state version without Raft;
/// anything with a write goes through Raft atomically.</summary>
public sealed class TxnService(ConsulServer server)
{
    public static bool IsReadOnly(IReadOnlyList<TxnOp> ops) => ops.All(op => op switch
    {
        TxnKvOp k => k.Verb is TxnKvVerb.Get or TxnKvVerb.GetTree or TxnKvVerb.GetOrEmpty or TxnKvVerb.CheckIndex or TxnKvVerb.CheckSession or TxnKvVerb.CheckNotExists,
        TxnNodeOp n => n.Verb == TxnCatalogVerb.Get,
        TxnServiceOp s => s.Verb == TxnCatalogVerb.Get,
        TxnCheckOp c => c.Verb == TxnCatalogVerb.Get,
        _ => false,
    });

    public async Task<TxnResponse> ApplyAsync(IReadOnlyList<TxnOp> ops, CancellationToken cancellationToken)
    {
        var command = new TxnCommand(ops.Select(TxnCommandOp.From).ToList());
        var response = await server.ApplyAsync(CommandCodec.Txn(command), cancellationToken).ConfigureAwait(false);
        return response as TxnResponse ?? new TxnResponse([], []);
    }

    public Task<QueryResponse<TxnResponse>> ReadAsync(IReadOnlyList<TxnOp> ops, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options with { MinQueryIndex = 0 }, (s, _) => new QueryResult<TxnResponse>(0, StateStore.TxnRead(s, ops)), cancellationToken);
}
