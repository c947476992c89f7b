using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Endpoints;
using ConsulSharp.State;

namespace ConsulSharp.Integration.Tests.Catalog;

public sealed class NearSortTests
{
    private static NetworkCoordinate At(double x) => new([x, 0, 0, 0, 0, 0, 0, 0], 1.5, 0, 1e-5);

    [Fact]
    public void SortsByVivaldiDistanceWithUnknownCoordinatesLast()
    {
        var store = new StateStore(TimeProvider.System);
        ulong index = 0;
        foreach (var name in new[] { "origin", "far", "near", "nocoord" })
        {
            store.EnsureNode(++index, new Node { Name = name, Address = "10.0.0." + index });
        }

        store.CoordinateBatchUpdate(++index, [
            new Coordinate { Node = "origin", Coord = At(0) },
            new Coordinate { Node = "far", Coord = At(0.5) },
            new Coordinate { Node = "near", Coord = At(0.01) },
        ]);
        var query = new CatalogQuery { Near = "origin" };
        string[] items = ["far", "nocoord", "near", "origin"];
        Assert.Equal(["origin", "near", "far", "nocoord"], query.SortByDistance(store.Current, "me", items, s => s));
        Assert.Equal(items, new CatalogQuery { Near = "unknown" }.SortByDistance(store.Current, "me", items, s => s));
        Assert.Equal(["origin", "near", "far", "nocoord"], new CatalogQuery { Near = "_agent" }.SortByDistance(store.Current, "origin", items, s => s));
        Assert.Equal(0.5 + 2e-5, CatalogQuery.Distance(At(0), At(0.5)), 9);
    }

    [Fact]
    public void NodeMetaParsingSplitsOnTheFirstColon()
    {
        var pairs = CatalogQuery.ParseNodeMeta(["a:b:c", "flag"]);
        Assert.Equal([new("a", "b:c"), new("flag", "")], pairs);
    }
}
