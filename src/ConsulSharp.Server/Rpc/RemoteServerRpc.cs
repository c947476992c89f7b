using System.Text.Json;
using ConsulSharp.Core.Errors;
using ConsulSharp.Server.Fsm;
using ConsulSharp.Server.Rpc.Wire;
using Google.Protobuf;

namespace ConsulSharp.Server.Rpc;

/// <summary><see cref="IServerRpc"/> of a client agent: gRPC to a server chosen by the <see cref="ServerRouter"/>.</summary>
public sealed class RemoteServerRpc(ServerRouter router) : IServerRpc
{
    public async Task<object?> ApplyAsync(byte[] command, CancellationToken cancellationToken)
    {
        var request = new ApplyRequest { Command = ByteString.CopyFrom(command), Hops = 1 };
        var reply = await router.InvokeAsync(async (c, ct) => await c.ApplyAsync(request, cancellationToken: ct).ConfigureAwait(false), idempotent: false, cancellationToken).ConfigureAwait(false);
        if (reply.Error.Length > 0)
        {
            throw new ConsulException((ConsulErrorKind)reply.ErrorKind, reply.Error);
        }

        var response = ApplyCodec.Decode(reply);
        return response is FsmError error ? throw ConsulException.Internal(error.Message) : response;
    }

    public async Task<NodeCatalogView> NodeCatalogAsync(string node, CancellationToken cancellationToken)
    {
        var request = new NodeCatalogRequest { Node = node };
        var reply = await router.InvokeAsync(async (c, ct) => await c.NodeCatalogAsync(request, cancellationToken: ct).ConfigureAwait(false), idempotent: true, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(reply.Json.Span, RpcJsonContext.Default.NodeCatalogView)
            ?? throw new InvalidDataException("empty node catalog reply");
    }
}
