using ConsulSharp.Server.Rpc.Wire;

namespace ConsulSharp.Server.Rpc;

/// <summary>
/// Runs a forwarded HTTP API request on this agent as if it had arrived on its HTTP port (the HTTP layer implements it
/// with its own dispatcher, so forwarded requests meet exactly the same routes, rules and errors).
/// </summary>
public interface IForwardedRequestHandler
{
    Task<ForwardReply> HandleAsync(ForwardRequest request, CancellationToken cancellationToken);
}
