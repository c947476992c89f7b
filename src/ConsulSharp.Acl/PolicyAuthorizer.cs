namespace ConsulSharp.Acl;

/// <summary>Consul's <c>policyAuthorizer</c> chained to a fall-through authorizer (the default policy): the merged
/// rules of a token's policies answer where they have a rule; otherwise <see cref="_next"/> answers.</summary>
internal sealed class PolicyAuthorizer : IAuthorizer
{
    private readonly IAuthorizer _next;
    private readonly RuleTree _agents;
    private readonly RuleTree _keys;
    private readonly RuleTree _nodes;
    private readonly RuleTree _services;
    private readonly RuleTree _sessions;
    private readonly RuleTree _events;
    private readonly RuleTree _queries;
    private readonly AccessLevel _acl;
    private readonly AccessLevel _operator;
    private readonly AccessLevel _keyring;
    private readonly AccessLevel _mesh;

    public PolicyAuthorizer(IReadOnlyCollection<PolicyRules> policies, IAuthorizer next)
    {
        _next = next;
        _agents = RuleTree.Build(policies, p => p.Agents);
        _keys = RuleTree.Build(policies, p => p.Keys);
        _nodes = RuleTree.Build(policies, p => p.Nodes);
        _services = RuleTree.Build(policies, p => p.Services);
        _sessions = RuleTree.Build(policies, p => p.Sessions);
        _events = RuleTree.Build(policies, p => p.Events);
        _queries = RuleTree.Build(policies, p => p.Queries);
        foreach (var p in policies)
        {
            _acl = RuleTree.Merge(_acl, p.Acl);
            _operator = RuleTree.Merge(_operator, p.Operator);
            _keyring = RuleTree.Merge(_keyring, p.Keyring);
            _mesh = RuleTree.Merge(_mesh, p.Mesh);
        }
    }

    public bool KeyRead(string key) => Answer(Get(_keys, key, AccessLevel.Read), key, _next.KeyRead);

    public bool KeyList(string prefix) => Answer(Get(_keys, prefix, AccessLevel.List), prefix, _next.KeyList);

    public bool KeyWrite(string key) => Answer(Get(_keys, key, AccessLevel.Write), key, _next.KeyWrite);

    public bool KeyWritePrefix(string prefix) => Answer(_keys.WritePrefix(prefix), prefix, _next.KeyWritePrefix);

    public bool ServiceRead(string name) => Answer(Get(_services, name, AccessLevel.Read), name, _next.ServiceRead);

    public bool ServiceWrite(string name) => Answer(Get(_services, name, AccessLevel.Write), name, _next.ServiceWrite);

    public bool ServiceReadAll() => Answer(_services.All(AccessLevel.Read), _next.ServiceReadAll);

    public bool NodeRead(string name) => Answer(Get(_nodes, name, AccessLevel.Read), name, _next.NodeRead);

    public bool NodeWrite(string name) => Answer(Get(_nodes, name, AccessLevel.Write), name, _next.NodeWrite);

    public bool NodeReadAll() => Answer(_nodes.All(AccessLevel.Read), _next.NodeReadAll);

    public bool SessionRead(string node) => Answer(Get(_sessions, node, AccessLevel.Read), node, _next.SessionRead);

    public bool SessionWrite(string node) => Answer(Get(_sessions, node, AccessLevel.Write), node, _next.SessionWrite);

    public bool EventRead(string name) => Answer(Get(_events, name, AccessLevel.Read), name, _next.EventRead);

    public bool EventWrite(string name) => Answer(Get(_events, name, AccessLevel.Write), name, _next.EventWrite);

    public bool QueryRead(string name) => Answer(Get(_queries, name, AccessLevel.Read), name, _next.QueryRead);

    public bool QueryWrite(string name) => Answer(Get(_queries, name, AccessLevel.Write), name, _next.QueryWrite);

    public bool AgentRead(string node) => Answer(Get(_agents, node, AccessLevel.Read), node, _next.AgentRead);

    public bool AgentWrite(string node) => Answer(Get(_agents, node, AccessLevel.Write), node, _next.AgentWrite);

    public bool OperatorRead() => Answer(RuleTree.Enforce(_operator, AccessLevel.Read), _next.OperatorRead);

    public bool OperatorWrite() => Answer(RuleTree.Enforce(_operator, AccessLevel.Write), _next.OperatorWrite);

    public bool KeyringRead() => Answer(RuleTree.Enforce(_keyring, AccessLevel.Read), _next.KeyringRead);

    public bool KeyringWrite() => Answer(RuleTree.Enforce(_keyring, AccessLevel.Write), _next.KeyringWrite);

    public bool AclRead() => Answer(RuleTree.Enforce(_acl, AccessLevel.Read), _next.AclRead);

    public bool AclWrite() => Answer(RuleTree.Enforce(_acl, AccessLevel.Write), _next.AclWrite);

    // Without a mesh rule Consul falls back to the operator rule (then to the next authorizer's mesh answer).
    public bool MeshRead() => _mesh != AccessLevel.Unknown
        ? Answer(RuleTree.Enforce(_mesh, AccessLevel.Read), _next.MeshRead)
        : Answer(RuleTree.Enforce(_operator, AccessLevel.Read), _next.MeshRead);

    public bool MeshWrite() => _mesh != AccessLevel.Unknown
        ? Answer(RuleTree.Enforce(_mesh, AccessLevel.Write), _next.MeshWrite)
        : Answer(RuleTree.Enforce(_operator, AccessLevel.Write), _next.MeshWrite);

    private static Decision Get(RuleTree tree, string segment, AccessLevel required) =>
        tree.IsEmpty ? Decision.Default : RuleTree.Enforce(tree.Lookup(segment), required);

    private static bool Answer(Decision decision, string segment, Func<string, bool> next) =>
        decision == Decision.Default ? next(segment) : decision == Decision.Allow;

    private static bool Answer(Decision decision, Func<bool> next) =>
        decision == Decision.Default ? next() : decision == Decision.Allow;
}
