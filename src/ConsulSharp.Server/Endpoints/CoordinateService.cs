using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Requests;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.Endpoints;

/// <summary>
/// The coordinate endpoint of a server (Consul <c>Coordinate.*</c> RPCs). Consul batches updates and flushes them every
/// few seconds; here each update is proposed through Raft at once (one <see cref="MessageType.CoordinateBatchUpdate"/>).
/// </summary>
public sealed class CoordinateService(ConsulServer server)
{
    /// <summary>serf's default dimensionality; other lengths are "incompatible".</summary>
    public const int Dimensionality = 8;

    public async Task UpdateAsync(Coordinate update, CancellationToken cancellationToken)
    {
        var c = update.Coord;
        if (!IsValid(c))
        {
            throw ConsulException.Internal("invalid coordinate");
        }

        if (c.Vec.Count != Dimensionality)
        {
            throw ConsulException.Internal("incompatible coordinate");
        }

        await server.ApplyAsync(CommandCodec.CoordinateBatchUpdate(new CoordinateBatchCommand { Updates = [update] }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every node's coordinates, by node then segment.</summary>
    public Task<QueryResponse<IReadOnlyList<Coordinate>>> ListNodesAsync(QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.Coordinates(ws), cancellationToken);

    public Task<QueryResponse<IReadOnlyList<Coordinate>>> NodeAsync(string node, QueryOptions options, CancellationToken cancellationToken) =>
        server.QueryAsync(options, (s, ws) => s.NodeCoordinates(node, ws), cancellationToken);

    /// <summary>
    /// The servers of this datacenter with their coordinates (Consul reads them from the WAN pool and names them
    /// <c>node.dc</c>). With no WAN pool yet, this server's stored LAN coordinate stands in, when it has one.
    /// </summary>
    public IReadOnlyList<Coordinate> DatacenterServers(StateSnapshot snapshot)
    {
        var list = new List<Coordinate>();
        foreach (var c in snapshot.NodeCoordinates(server.Options.NodeName).Value)
        {
            if (c.Segment.Length == 0)
            {
                list.Add(c with { Node = server.Options.NodeName + "." + server.Options.Datacenter });
            }
        }

        return list;
    }

    /// <summary>serf <c>Coordinate.IsValid</c>: every component finite.</summary>
    public static bool IsValid(NetworkCoordinate c) =>
        c.Vec.All(double.IsFinite) && double.IsFinite(c.Error) && double.IsFinite(c.Adjustment) && double.IsFinite(c.Height);
}
