using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

internal sealed partial class WriteTxn
{
    public const string SerfCheckId = "serfHealth";

    /// <summary>Consul ensureRegistrationTxn: node (only if it changes), then the service, then the checks.</summary>
    public void Register(CatalogRegistration req)
    {
        var existing = T.Nodes.Get(Keys.Lower(req.Node.Name));
        if (existing is null || (!req.SkipNodeUpdate && !existing.IsSame(req.Node)))
        {
            try
            {
                EnsureNode(req.Node);
            }
            catch (StateStoreException ex)
            {
                throw Error("failed inserting node: " + ex.Message);
            }
        }

        if (req.Service is not null)
        {
            try
            {
                EnsureService(req.Node.Name, req.Service);
            }
            catch (StateStoreException ex)
            {
                throw Error("failed inserting service: " + ex.Message);
            }
        }

        foreach (var check in req.Checks)
        {
            if (!string.Equals(check.Node, req.Node.Name, StringComparison.OrdinalIgnoreCase) && check.Node.Length > 0)
            {
                throw Error($"check node {Quote(check.Node)} does not match node {Quote(req.Node.Name)}");
            }

            try
            {
                EnsureCheck(check with { Node = req.Node.Name });
            }
            catch (StateStoreException ex)
            {
                throw Error("failed inserting check: " + ex.Message);
            }
        }
    }

    /// <summary>Consul ensureNodeTxn: id/name conflict checks, CreateIndex kept, no write when nothing changed.</summary>
    public Node EnsureNode(Node node)
    {
        Node? n = null;
        if (node.Id.Length > 0 && T.NodeIds.Get(Keys.Lower(node.Id)) is { } byIdName)
        {
            n = T.Nodes.Get(byIdName);
            if (n is not null && !string.Equals(n.Name, node.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw Error($"node ID {Quote(node.Id)} for node {Quote(node.Name)} aliases existing node {Quote(n.Name)}");
            }
        }

        n ??= T.Nodes.Get(Keys.Lower(node.Name));
        if (n is not null && node.Id.Length > 0 && n.Id.Length > 0 && !string.Equals(n.Id, node.Id, StringComparison.OrdinalIgnoreCase))
        {
            // Another node owns this name: only a node that gossip considers dead can be replaced.
            var serf = T.Checks.Get(Keys.Pair(n.Name, SerfCheckId));
            if (serf is null || serf.Status != HealthStatus.Critical)
            {
                throw Error($"Node name {n.Name} is reserved by node {n.Id} with name {n.Name} ({n.Address})");
            }
        }

        Node stored;
        if (n is not null)
        {
            stored = node with { CreateIndex = n.CreateIndex, ModifyIndex = n.ModifyIndex };
            if (n.IsSame(stored))
            {
                return n;
            }

            stored = stored with { ModifyIndex = Index };
            if (n.Id.Length > 0 && !string.Equals(n.Id, node.Id, StringComparison.OrdinalIgnoreCase))
            {
                T.NodeIds = T.NodeIds.Remove(Keys.Lower(n.Id));
            }
        }
        else
        {
            stored = node with { CreateIndex = Index, ModifyIndex = Index };
        }

        var key = Keys.Lower(node.Name);
        T.Nodes = T.Nodes.Set(key, stored);
        if (stored.Id.Length > 0)
        {
            T.NodeIds = T.NodeIds.Set(Keys.Lower(stored.Id), key);
        }

        T.NodesIndex = Index;
        Touch(WatchKey.Table(StateTable.Nodes));
        Touch(WatchKey.Node(node.Name));
        TouchAllServicesOfNode(node.Name);
        return stored;
    }

    /// <summary>Consul ensureNodeCASTxn: ModifyIndex 0 creates only; otherwise it must match. Null when stale.</summary>
    public Node? EnsureNodeCas(Node node)
    {
        var existing = T.Nodes.Get(Keys.Lower(node.Name));
        if (node.ModifyIndex == 0 && existing is not null)
        {
            return null;
        }

        if (node.ModifyIndex != 0 && (existing is null || existing.ModifyIndex != node.ModifyIndex))
        {
            return null;
        }

        return EnsureNode(node);
    }

    /// <summary>Consul ensureServiceTxn: the node must exist; CreateIndex kept; no write when nothing changed.</summary>
    public ServiceInstance EnsureService(string nodeName, ServiceInstance svc)
    {
        var node = T.Nodes.Get(Keys.Lower(nodeName)) ?? throw Error(StateErrors.MissingNode);
        var key = Keys.Pair(nodeName, svc.Id);
        var existing = T.Services.Get(key);
        var entry = svc with { Node = node.Name };
        if (existing is not null)
        {
            entry = entry with { CreateIndex = existing.CreateIndex, ModifyIndex = existing.ModifyIndex };
            if (entry.IsSame(existing))
            {
                return existing;
            }

            entry = entry with { ModifyIndex = Index };
        }
        else
        {
            entry = entry with { CreateIndex = Index, ModifyIndex = Index };
        }

        PutService(key, entry, existing);
        return entry;
    }

    private void PutService(string key, ServiceInstance entry, ServiceInstance? existing)
    {
        T.Services = T.Services.Set(key, entry);
        if (existing is not null && !string.Equals(existing.Name, entry.Name, StringComparison.OrdinalIgnoreCase))
        {
            RemoveFromNameIndex(key, existing);
        }

        var lowerName = Keys.Lower(entry.Name);
        var byName = T.ServicesByName.Get(lowerName) ?? PersistentMap<ServiceInstance>.Empty;
        T.ServicesByName = T.ServicesByName.Set(lowerName, byName.Set(key, entry));
        T.ServicesIndex = Index;
        TouchService(entry.Name);
        Touch(WatchKey.Table(StateTable.Services));
        Touch(WatchKey.Node(entry.Node));
    }

    private void RemoveFromNameIndex(string key, ServiceInstance existing)
    {
        var lowerName = Keys.Lower(existing.Name);
        var byName = T.ServicesByName.Get(lowerName);
        if (byName is null)
        {
            return;
        }

        byName = byName.Remove(key);
        if (byName.IsEmpty)
        {
            T.ServicesByName = T.ServicesByName.Remove(lowerName);
            T.ServiceIndexes = T.ServiceIndexes.Remove(lowerName);
            T.ServiceLastExtinction = Index;
            Touch(new WatchKey(WatchKind.Service, lowerName));
        }
        else
        {
            T.ServicesByName = T.ServicesByName.Set(lowerName, byName);
            TouchService(existing.Name);
        }
    }

    /// <summary>Consul ensureServiceCASTxn. Null when the CAS index is stale.</summary>
    public ServiceInstance? EnsureServiceCas(string nodeName, ServiceInstance svc)
    {
        var existing = T.Services.Get(Keys.Pair(nodeName, svc.Id));
        if (svc.ModifyIndex == 0 && existing is not null)
        {
            return null;
        }

        if (svc.ModifyIndex != 0 && (existing is null || existing.ModifyIndex != svc.ModifyIndex))
        {
            return null;
        }

        return EnsureService(nodeName, svc);
    }

    /// <summary>
    /// Consul ensureCheckTxn: the node (and service, if any) must exist; an empty status is critical; service name and
    /// tags are copied from the service; an unchanged check is not written; a critical check invalidates the sessions
    /// bound to it.
    /// </summary>
    public HealthCheck EnsureCheck(HealthCheck check)
    {
        var key = Keys.Pair(check.Node, check.CheckId);
        var existing = T.Checks.Get(key);
        var hc = check with
        {
            Status = check.Status.Length == 0 ? HealthStatus.Critical : check.Status,
            CreateIndex = existing?.CreateIndex ?? Index,
            ModifyIndex = existing?.ModifyIndex ?? Index,
        };

        var node = T.Nodes.Get(Keys.Lower(hc.Node)) ?? throw Error(StateErrors.MissingNode);
        hc = hc with { Node = node.Name };
        if (hc.ServiceId.Length > 0)
        {
            var svc = T.Services.Get(Keys.Pair(hc.Node, hc.ServiceId)) ?? throw Error(StateErrors.MissingService);
            hc = hc with { ServiceName = svc.Name, ServiceTags = svc.Tags };
        }

        var modified = existing is null || !existing.IsSame(hc);
        if (modified)
        {
            hc = hc with { ModifyIndex = Index };
            T.Checks = T.Checks.Set(key, hc);
            T.ChecksIndex = Index;
            TouchCheck(hc, existing);
        }

        if (hc.Status == HealthStatus.Critical)
        {
            InvalidateSessionsOfCheck(hc.Node, hc.CheckId);
        }

        return modified ? hc : existing!;
    }

    private void TouchCheck(HealthCheck hc, HealthCheck? previous)
    {
        Touch(WatchKey.Table(StateTable.Checks));
        Touch(WatchKey.Node(hc.Node));
        if (hc.ServiceId.Length > 0)
        {
            TouchService(hc.ServiceName);
        }
        else
        {
            TouchAllServicesOfNode(hc.Node);
        }

        if (previous is not null && previous.ServiceName.Length > 0 && !string.Equals(previous.ServiceName, hc.ServiceName, StringComparison.OrdinalIgnoreCase))
        {
            TouchServiceIfExists(previous.ServiceName);
        }
    }

    private void TouchServiceIfExists(string name)
    {
        if (T.ServicesByName.Get(Keys.Lower(name)) is not null)
        {
            TouchService(name);
        }
        else
        {
            Touch(WatchKey.Service(name));
        }
    }

    /// <summary>Consul ensureCheckCASTxn. Null when the CAS index is stale.</summary>
    public HealthCheck? EnsureCheckCas(HealthCheck check)
    {
        var existing = T.Checks.Get(Keys.Pair(check.Node, check.CheckId));
        if (check.ModifyIndex == 0 && existing is not null)
        {
            return null;
        }

        if (check.ModifyIndex != 0 && (existing is null || existing.ModifyIndex != check.ModifyIndex))
        {
            return null;
        }

        return EnsureCheck(check);
    }

    /// <summary>
    /// Consul deleteNodeTxn: a missing node is a no-op; otherwise its services, checks, coordinates and sessions go
    /// with it.
    /// </summary>
    public void DeleteNode(string nodeName)
    {
        var lower = Keys.Lower(nodeName);
        var node = T.Nodes.Get(lower);
        if (node is null)
        {
            return;
        }

        var prefix = Keys.PairPrefix(nodeName);
        var services = new List<string>();
        foreach (var s in T.Services.WithPrefix(prefix))
        {
            services.Add(s.Value.Id);
        }

        foreach (var id in services)
        {
            DeleteService(nodeName, id);
        }

        var checks = new List<string>();
        foreach (var c in T.Checks.WithPrefix(prefix))
        {
            checks.Add(c.Value.CheckId);
        }

        foreach (var id in checks)
        {
            DeleteCheck(nodeName, id);
        }

        var coords = new List<string>();
        foreach (var c in T.Coordinates.WithPrefix(prefix))
        {
            coords.Add(c.Key);
        }

        if (coords.Count > 0)
        {
            foreach (var k in coords)
            {
                T.Coordinates = T.Coordinates.Remove(k);
            }

            T.CoordinatesIndex = Index;
            Touch(WatchKey.Table(StateTable.Coordinates));
        }

        T.Nodes = T.Nodes.Remove(lower);
        if (node.Id.Length > 0)
        {
            T.NodeIds = T.NodeIds.Remove(Keys.Lower(node.Id));
        }

        T.NodesIndex = Index;
        Touch(WatchKey.Table(StateTable.Nodes));
        Touch(WatchKey.Node(nodeName));

        var sessions = new List<string>();
        foreach (var s in T.SessionsByNode.WithPrefix(prefix))
        {
            sessions.Add(s.Value);
        }

        foreach (var id in sessions)
        {
            DeleteSession(id);
        }
    }

    /// <summary>Consul deleteNodeCASTxn: false when the node is missing or the index differs.</summary>
    public bool DeleteNodeCas(string nodeName, ulong casIndex)
    {
        var node = T.Nodes.Get(Keys.Lower(nodeName));
        if (node is null || node.ModifyIndex != casIndex)
        {
            return false;
        }

        DeleteNode(nodeName);
        return true;
    }

    /// <summary>Consul deleteServiceTxn: a missing service is a no-op; its checks go with it.</summary>
    public void DeleteService(string nodeName, string serviceId)
    {
        var key = Keys.Pair(nodeName, serviceId);
        var svc = T.Services.Get(key);
        if (svc is null)
        {
            return;
        }

        var checks = new List<string>();
        foreach (var c in T.Checks.WithPrefix(Keys.PairPrefix(nodeName)))
        {
            if (string.Equals(c.Value.ServiceId, svc.Id, StringComparison.OrdinalIgnoreCase))
            {
                checks.Add(c.Value.CheckId);
            }
        }

        foreach (var id in checks)
        {
            DeleteCheck(nodeName, id);
        }

        T.Services = T.Services.Remove(key);
        T.ServicesIndex = Index;
        RemoveFromNameIndex(key, svc);
        Touch(WatchKey.Table(StateTable.Services));
        Touch(WatchKey.Node(nodeName));
    }

    /// <summary>Consul deleteServiceCASTxn: false when missing or stale.</summary>
    public bool DeleteServiceCas(string nodeName, string serviceId, ulong casIndex)
    {
        var svc = T.Services.Get(Keys.Pair(nodeName, serviceId));
        if (svc is null || svc.ModifyIndex != casIndex)
        {
            return false;
        }

        DeleteService(nodeName, serviceId);
        return true;
    }

    /// <summary>Consul deleteCheckTxn: a missing check is a no-op; sessions bound to it are invalidated.</summary>
    public void DeleteCheck(string nodeName, string checkId)
    {
        var key = Keys.Pair(nodeName, checkId);
        var hc = T.Checks.Get(key);
        if (hc is null)
        {
            return;
        }

        T.Checks = T.Checks.Remove(key);
        T.ChecksIndex = Index;
        Touch(WatchKey.Table(StateTable.Checks));
        Touch(WatchKey.Node(nodeName));
        if (hc.ServiceId.Length > 0)
        {
            TouchServiceIfExists(hc.ServiceName);
        }
        else
        {
            TouchAllServicesOfNode(nodeName);
        }

        InvalidateSessionsOfCheck(nodeName, checkId);
    }

    /// <summary>Consul deleteCheckCASTxn: false when missing or stale.</summary>
    public bool DeleteCheckCas(string nodeName, string checkId, ulong casIndex)
    {
        var hc = T.Checks.Get(Keys.Pair(nodeName, checkId));
        if (hc is null || hc.ModifyIndex != casIndex)
        {
            return false;
        }

        DeleteCheck(nodeName, checkId);
        return true;
    }

    private void InvalidateSessionsOfCheck(string nodeName, string checkId)
    {
        var prefix = string.Concat(Keys.Pair(nodeName, checkId), "\0");
        List<string>? sessions = null;
        foreach (var link in T.SessionChecks.WithPrefix(prefix))
        {
            (sessions ??= []).Add(link.Value.Session);
        }

        if (sessions is null)
        {
            return;
        }

        foreach (var id in sessions)
        {
            DeleteSession(id);
        }
    }
}
