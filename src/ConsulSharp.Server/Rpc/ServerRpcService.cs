using System.Text.Json;
using ConsulSharp.Core.Errors;
using ConsulSharp.Raft;
using ConsulSharp.Server.Rpc.Wire;
using Google.Protobuf;
using Grpc.Core;

namespace ConsulSharp.Server.Rpc;

/// <summary>The gRPC service of a server (see <c>server_rpc.proto</c>).</summary>
public sealed class ServerRpcService(ConsulServer server, IForwardedRequestHandler? forwarded) : ServerRpc.ServerRpcBase
{
    public override async Task<ApplyReply> Apply(ApplyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var (index, response) = await server.ApplyRawAsync(request.Command.ToByteArray(), (int)request.Hops, context.CancellationToken).ConfigureAwait(false);
            return ApplyCodec.Encode(index, response);
        }
        catch (ConsulException ex)
        {
            return new ApplyReply { ErrorKind = (int)ex.Kind, Error = ex.Message };
        }
        catch (RaftException ex)
        {
            return new ApplyReply { ErrorKind = (int)ConsulErrorKind.Internal, Error = ex.Message };
        }
    }

    public override Task<ForwardReply> Forward(ForwardRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (forwarded is null)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "this server does not serve forwarded HTTP requests"));
        }

        return forwarded.HandleAsync(request, context.CancellationToken);
    }

    public override Task<RaftPeersReply> RaftPeers(RaftPeersRequest request, ServerCallContext context)
    {
        var status = server.Status;
        var reply = new RaftPeersReply
        {
            Leader = status.LeaderAddress ?? "",
            KnownLeader = status.KnownLeader,
            Id = status.Id,
            LastLogIndex = status.LastLogIndex,
        };
        reply.Peers.AddRange(status.Configuration.Servers.Select(s => s.Address));
        return Task.FromResult(reply);
    }

    public override Task<NodeCatalogReply> NodeCatalog(NodeCatalogRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = NodeCatalogView.Of(server.State.Current, request.Node);
        return Task.FromResult(new NodeCatalogReply { Json = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(view, RpcJsonContext.Default.NodeCatalogView)) });
    }

    public override Task<ExecuteQueryReply> ExecuteQuery(ExecuteQueryRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = JsonSerializer.Deserialize(request.QueryJson.Span, RpcJsonContext.Default.QueryDefinition)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "missing query"));
        var execute = JsonSerializer.Deserialize(request.RequestJson.Span, RpcJsonContext.Default.ExecuteRequest) ?? new();
        var result = PreparedQueries.PreparedQueryExecutor.Execute(server.State.Current, query, execute, server.Options.Datacenter);
        return Task.FromResult(new ExecuteQueryReply { ResultJson = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(result, RpcJsonContext.Default.ExecuteResult)) });
    }
}
