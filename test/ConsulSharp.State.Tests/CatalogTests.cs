using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Tests;

public sealed class CatalogTests
{
    private readonly TestStore _t = new();

    private StateStore S => _t.Store;

    private static CatalogRegistration Reg(string node, ServiceInstance? svc = null, params HealthCheck[] checks) => new()
    {
        Node = new Node { Name = node, Address = "10.0.0.1", Meta = new Dictionary<string, string> { ["rack"] = "r1" } },
        Service = svc,
        Checks = checks,
    };

    private static ServiceInstance Svc(string id, string name, params string[] tags) =>
        new() { Node = "", Id = id, Name = name, Tags = tags, Port = 8080 };

    [Fact]
    public void Register_node_service_and_checks_in_one_write()
    {
        S.Register(1, Reg("n1", Svc("web1", "web", "v1"),
            new HealthCheck { Node = "n1", CheckId = "serfHealth", Status = HealthStatus.Passing },
            new HealthCheck { Node = "n1", CheckId = "web-alive", ServiceId = "web1" }));
        var snap = _t.Snap;
        Assert.Equal("10.0.0.1", snap.GetNode("n1").Value!.Address);
        var svc = snap.GetNodeService("n1", "web1").Value!;
        Assert.Equal(("web", 1ul, 1ul), (svc.Name, svc.CreateIndex, svc.ModifyIndex));
        var checks = snap.NodeChecks("n1").Value;
        Assert.Equal(["serfHealth", "web-alive"], checks.Select(c => c.CheckId));

        // Empty status becomes critical; service name and tags are copied into the check.
        var webCheck = checks[1];
        Assert.Equal((HealthStatus.Critical, "web", "v1"), (webCheck.Status, webCheck.ServiceName, webCheck.ServiceTags.Single()));
        foreach (var table in new[] { StateTable.Nodes, StateTable.Services, StateTable.Checks })
        {
            Assert.Equal(1ul, snap.TableIndex(table));
        }
    }

    [Fact]
    public void Re_registering_identical_data_changes_no_index()
    {
        var reg = Reg("n1", Svc("web1", "web"), new HealthCheck { Node = "n1", CheckId = "c1", Status = HealthStatus.Passing });
        S.Register(1, reg);
        S.Register(2, reg);
        var snap = _t.Snap;
        Assert.Equal(1ul, snap.GetNode("n1").Value!.ModifyIndex);
        Assert.Equal(1ul, snap.GetNodeService("n1", "web1").Value!.ModifyIndex);
        Assert.Equal(1ul, snap.GetCheck("n1", "c1").Value!.ModifyIndex);
        Assert.Equal(1ul, snap.TableIndex(StateTable.Nodes));
        Assert.Equal(1ul, snap.TableIndex(StateTable.Checks));
        Assert.Equal(1ul, snap.ServiceIndex("web"));
    }

    [Fact]
    public void Changing_a_node_keeps_create_index_and_bumps_modify_index()
    {
        S.Register(1, Reg("n1"));
        S.Register(2, Reg("n1") with { Node = new Node { Name = "n1", Address = "10.0.0.2" } });
        var n = _t.Snap.GetNode("N1").Value!;
        Assert.Equal((1ul, 2ul, "10.0.0.2"), (n.CreateIndex, n.ModifyIndex, n.Address));
    }

    [Fact]
    public void Skip_node_update_leaves_an_existing_node_alone()
    {
        S.Register(1, Reg("n1"));
        S.Register(2, Reg("n1", Svc("s", "s")) with { Node = new Node { Name = "n1", Address = "9.9.9.9" }, SkipNodeUpdate = true });
        Assert.Equal("10.0.0.1", _t.Snap.GetNode("n1").Value!.Address);
        Assert.NotNull(_t.Snap.GetNodeService("n1", "s").Value);
    }

    [Fact]
    public void Node_id_aliasing_another_node_is_refused()
    {
        S.EnsureNode(1, new Node { Name = "n1", Id = "11111111-2222-3333-4444-555555555555" });
        var ex = Assert.Throws<StateStoreException>(() => S.EnsureNode(2, new Node { Name = "n2", Id = "11111111-2222-3333-4444-555555555555" }));
        Assert.Contains("aliases existing node", ex.Message, StringComparison.Ordinal);
        Assert.Equal("n1", _t.Snap.GetNodeById("11111111-2222-3333-4444-555555555555").Value!.Name);
    }

    [Fact]
    public void A_live_node_name_cannot_be_taken_by_another_id_but_a_dead_one_can()
    {
        S.EnsureNode(1, new Node { Name = "n1", Id = "aaaaaaaa-0000-0000-0000-000000000000" });
        _t.Check(2, "n1", "serfHealth", HealthStatus.Passing);
        var ex = Assert.Throws<StateStoreException>(() => S.EnsureNode(3, new Node { Name = "n1", Id = "bbbbbbbb-0000-0000-0000-000000000000" }));
        Assert.StartsWith("Node name n1 is reserved by node aaaaaaaa", ex.Message, StringComparison.Ordinal);
        _t.Check(4, "n1", "serfHealth", HealthStatus.Critical);
        S.EnsureNode(5, new Node { Name = "n1", Id = "bbbbbbbb-0000-0000-0000-000000000000" });
        Assert.Null(_t.Snap.GetNodeById("aaaaaaaa-0000-0000-0000-000000000000").Value);
        Assert.Equal("n1", _t.Snap.GetNodeById("BBBBBBBB-0000-0000-0000-000000000000").Value!.Name);
    }

    [Fact]
    public void Services_and_checks_need_their_node_and_service()
    {
        Assert.Equal(StateErrors.MissingNode, Assert.Throws<StateStoreException>(() => _t.Service(1, "nope", "s", "s")).Message);
        Assert.Equal(StateErrors.MissingNode, Assert.Throws<StateStoreException>(() => _t.Check(2, "nope", "c", HealthStatus.Passing)).Message);
        _t.Node(3, "n1");
        Assert.Equal(StateErrors.MissingService, Assert.Throws<StateStoreException>(() => _t.Check(4, "n1", "c", HealthStatus.Passing, "nope")).Message);
        var ex = Assert.Throws<StateStoreException>(() => S.Register(5, Reg("n2", null, new HealthCheck { Node = "n2", CheckId = "c", ServiceId = "missing" })));
        Assert.Equal("failed inserting check: Missing service registration", ex.Message);

        // The failed registration left nothing behind (the node write was rolled back too).
        Assert.Null(_t.Snap.GetNode("n2").Value);
    }

    [Fact]
    public void Check_for_another_node_in_a_registration_is_refused()
    {
        var ex = Assert.Throws<StateStoreException>(() => S.Register(1, Reg("n1", null, new HealthCheck { Node = "n2", CheckId = "c" })));
        Assert.Equal("check node \"n2\" does not match node \"n1\"", ex.Message);
    }

    [Fact]
    public void Services_lists_names_with_tag_union()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web", "a", "b");
        _t.Service(4, "n2", "web2", "web", "b", "c");
        _t.Service(5, "n2", "db1", "db");
        var r = _t.Snap.Services();
        Assert.Equal(5ul, r.Index);
        Assert.Equal(["a", "b", "c"], r.Value["web"]);
        Assert.Empty(r.Value["db"]);
    }

    [Fact]
    public void Service_nodes_by_name_case_insensitive_with_tag_filter()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web", "primary", "v1");
        _t.Service(4, "n2", "web2", "web", "V1");
        _t.Service(5, "n2", "db1", "db");
        Assert.Equal(["web1", "web2"], _t.Snap.ServiceNodes("WEB").Value.Select(x => x.Service.Id));
        Assert.Equal(["web1", "web2"], _t.Snap.ServiceNodes("web", ["v1"]).Value.Select(x => x.Service.Id));
        Assert.Equal(["web1"], _t.Snap.ServiceNodes("web", ["v1", "primary"]).Value.Select(x => x.Service.Id));
        Assert.Equal("n2", _t.Snap.ServiceNodes("web").Value[1].Node.Name);
        Assert.Empty(_t.Snap.ServiceNodes("nope").Value);
    }

    [Fact]
    public void Per_service_index_moves_only_for_that_service()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web");
        _t.Service(4, "n2", "db1", "db");
        Assert.Equal(3ul, _t.Snap.ServiceNodes("web").Index);
        Assert.Equal(4ul, _t.Snap.ServiceNodes("db").Index);
        _t.Check(5, "n2", "db-check", HealthStatus.Passing, "db1");
        Assert.Equal(3ul, _t.Snap.CheckServiceNodes("web").Index);
        Assert.Equal(5ul, _t.Snap.CheckServiceNodes("db").Index);

        // A node-level check bumps every service on that node only.
        _t.Check(6, "n1", "serfHealth", HealthStatus.Passing);
        Assert.Equal(6ul, _t.Snap.ServiceIndex("web"));
        Assert.Equal(5ul, _t.Snap.ServiceIndex("db"));

        // A node change bumps the services on it.
        _t.Node(7, "n2", "10.9.9.9");
        Assert.Equal(7ul, _t.Snap.ServiceIndex("db"));
        Assert.Equal(6ul, _t.Snap.ServiceIndex("web"));
    }

    [Fact]
    public void Removing_the_last_instance_records_the_extinction_index()
    {
        _t.Node(1, "n1");
        _t.Service(2, "n1", "web1", "web");
        _t.Service(3, "n1", "db1", "db");
        S.DeregisterService(4, "n1", "web1");
        Assert.Equal(4ul, _t.Snap.ServiceNodes("web").Index);
        Assert.Equal(4ul, _t.Snap.ServiceNodes("never-existed").Index);
        Assert.Equal(3ul, _t.Snap.ServiceNodes("db").Index);
        Assert.DoesNotContain("web", _t.Snap.Services().Value.Keys);
    }

    [Fact]
    public void Renaming_a_service_instance_moves_it_between_names()
    {
        _t.Node(1, "n1");
        _t.Service(2, "n1", "x1", "old");
        _t.Service(3, "n1", "x1", "new");
        Assert.Empty(_t.Snap.ServiceNodes("old").Value);
        Assert.Single(_t.Snap.ServiceNodes("new").Value);
        Assert.Equal(3ul, _t.Snap.ServiceNodes("old").Index);
    }

    [Fact]
    public void Node_services_returns_node_and_its_services()
    {
        _t.Node(1, "n1");
        _t.Service(2, "n1", "b", "svc-b");
        _t.Service(3, "n1", "a", "svc-a");
        var r = _t.Snap.GetNodeServices("N1");
        Assert.Equal(["a", "b"], r.Value!.Services.Select(s => s.Id));
        Assert.Equal(3ul, r.Index);
        Assert.Null(_t.Snap.GetNodeServices("nope").Value);
    }

    [Fact]
    public void Checks_by_node_service_and_state()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web");
        _t.Service(4, "n2", "web2", "web");
        _t.Check(5, "n1", "serfHealth", HealthStatus.Passing);
        _t.Check(6, "n1", "w1", HealthStatus.Warning, "web1");
        _t.Check(7, "n2", "w2", HealthStatus.Critical, "web2");
        Assert.Equal(["w1", "w2"], _t.Snap.ServiceChecks("web").Value.Select(c => c.CheckId));
        Assert.Equal(["w2"], _t.Snap.ChecksInState(HealthStatus.Critical).Value.Select(c => c.CheckId));
        Assert.Equal(3, _t.Snap.ChecksInState(HealthStatus.Any).Value.Count);
        Assert.Equal(7ul, _t.Snap.ChecksInState(HealthStatus.Any).Index);
    }

    [Fact]
    public void Health_service_nodes_join_node_and_service_checks_with_passing_filter()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web");
        _t.Service(4, "n1", "other", "other");
        _t.Service(5, "n2", "web2", "web");
        _t.Check(6, "n1", "serfHealth", HealthStatus.Passing);
        _t.Check(7, "n1", "web1-check", HealthStatus.Passing, "web1");
        _t.Check(8, "n1", "other-check", HealthStatus.Critical, "other");
        _t.Check(9, "n2", "serfHealth", HealthStatus.Passing);
        _t.Check(10, "n2", "web2-check", HealthStatus.Warning, "web2");

        var all = _t.Snap.CheckServiceNodes("web").Value;
        Assert.Equal(2, all.Count);
        Assert.Equal(["serfHealth", "web1-check"], all[0].Checks.Select(c => c.CheckId));
        Assert.Equal("n1", all[0].Node.Name);
        Assert.Equal(["serfHealth", "web2-check"], all[1].Checks.Select(c => c.CheckId));

        var passing = _t.Snap.CheckServiceNodes("web", passingOnly: true).Value;
        Assert.Equal(["web1"], passing.Select(x => x.Service.Id));
        Assert.Equal(10ul, _t.Snap.CheckServiceNodes("web").Index);
    }

    [Fact]
    public void Deregister_node_cascades_to_services_checks_and_coordinates()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web");
        _t.Check(4, "n1", "c1", HealthStatus.Passing, "web1");
        _t.Check(5, "n1", "serfHealth", HealthStatus.Passing);
        S.CoordinateBatchUpdate(6, [new Coordinate { Node = "n1", Coord = new NetworkCoordinate([0.1, 0.2], 1.5, 0, 1e-5) }]);
        S.DeregisterNode(7, "n1");
        var snap = _t.Snap;
        Assert.Null(snap.GetNode("n1").Value);
        Assert.Empty(snap.ServiceNodes("web").Value);
        Assert.Empty(snap.NodeChecks("n1").Value);
        Assert.Empty(snap.Coordinates().Value);
        Assert.Equal(["n2"], snap.Nodes().Value.Select(n => n.Name));
        foreach (var table in new[] { StateTable.Nodes, StateTable.Services, StateTable.Checks, StateTable.Coordinates })
        {
            Assert.Equal(7ul, snap.TableIndex(table));
        }
    }

    [Fact]
    public void Deregister_service_removes_its_checks_only()
    {
        _t.Node(1, "n1");
        _t.Service(2, "n1", "web1", "web");
        _t.Check(3, "n1", "c1", HealthStatus.Passing, "web1");
        _t.Check(4, "n1", "serfHealth", HealthStatus.Passing);
        S.DeregisterService(5, "n1", "web1");
        Assert.Equal(["serfHealth"], _t.Snap.NodeChecks("n1").Value.Select(c => c.CheckId));
        Assert.Equal(5ul, _t.Snap.TableIndex(StateTable.Checks));
    }

    [Fact]
    public void Deregistering_missing_things_is_a_no_op()
    {
        _t.Node(1, "n1");
        S.DeregisterNode(2, "nope");
        S.DeregisterService(3, "n1", "nope");
        S.DeregisterCheck(4, "n1", "nope");
        Assert.Equal(1ul, _t.Snap.TableIndex(StateTable.Nodes));
        Assert.Equal(0ul, _t.Snap.TableIndex(StateTable.Services));
        Assert.Equal(0ul, _t.Snap.TableIndex(StateTable.Checks));
    }

    [Fact]
    public void Node_names_are_case_insensitive_and_sorted_lowercase()
    {
        _t.Node(1, "b-node");
        _t.Node(2, "A_node");
        _t.Node(3, "aa");
        Assert.Equal(["A_node", "aa", "b-node"], _t.Snap.Nodes().Value.Select(n => n.Name));
        Assert.NotNull(_t.Snap.GetNode("a_NODE").Value);
    }

    [Fact]
    public void Coordinates_for_unknown_nodes_are_dropped()
    {
        _t.Node(1, "n1");
        S.CoordinateBatchUpdate(2,
        [
            new Coordinate { Node = "n1", Coord = new NetworkCoordinate([1], 0, 0, 0) },
            new Coordinate { Node = "ghost", Coord = new NetworkCoordinate([1], 0, 0, 0) },
            new Coordinate { Node = "n1", Segment = "seg", Coord = new NetworkCoordinate([2], 0, 0, 0) },
        ]);
        Assert.Equal(2, _t.Snap.Coordinates().Value.Count);
        Assert.Equal(2, _t.Snap.NodeCoordinates("n1").Value.Count);
        Assert.Equal(2ul, _t.Snap.Coordinates().Index);
    }

    [Fact]
    public void Node_and_service_dumps()
    {
        _t.Node(1, "n1");
        _t.Node(2, "n2");
        _t.Service(3, "n1", "web1", "web");
        _t.Service(4, "n2", "db1", "db");
        _t.Check(5, "n1", "serfHealth", HealthStatus.Passing);
        _t.Check(6, "n2", "db-check", HealthStatus.Critical, "db1");
        var nodes = _t.Snap.NodeDump();
        Assert.Equal(6ul, nodes.Index);
        Assert.Equal(["n1", "n2"], nodes.Value.Select(n => n.Node.Name));
        Assert.Equal(["web1"], nodes.Value[0].Services.Select(s => s.Id));
        Assert.Equal(["db-check"], nodes.Value[1].Checks.Select(c => c.CheckId));
        Assert.Equal("n2", _t.Snap.GetNodeInfo("N2").Value!.Node.Name);
        Assert.Null(_t.Snap.GetNodeInfo("nope").Value);
        var services = _t.Snap.ServiceDump().Value;
        Assert.Equal(["db1", "web1"], services.Select(s => s.Service.Id));
        Assert.Equal(["serfHealth"], services[1].Checks.Select(c => c.CheckId));
    }
}
