namespace ConsulSharp.Acl;

/// <summary>An authorizer with one answer for everything but ACL management (Consul's <c>staticAuthorizer</c>:
/// <c>allowAll</c> allows everything except <c>acl:read</c>/<c>acl:write</c>, <c>manageAll</c> those too).</summary>
internal sealed class StaticAuthorizer(bool allow, bool manage) : IAuthorizer
{
    public bool KeyRead(string key) => allow;

    public bool KeyList(string prefix) => allow;

    public bool KeyWrite(string key) => allow;

    public bool KeyWritePrefix(string prefix) => allow;

    public bool ServiceRead(string name) => allow;

    public bool ServiceWrite(string name) => allow;

    public bool ServiceReadAll() => allow;

    public bool NodeRead(string name) => allow;

    public bool NodeWrite(string name) => allow;

    public bool NodeReadAll() => allow;

    public bool SessionRead(string node) => allow;

    public bool SessionWrite(string node) => allow;

    public bool EventRead(string name) => allow;

    public bool EventWrite(string name) => allow;

    public bool QueryRead(string name) => allow;

    public bool QueryWrite(string name) => allow;

    public bool AgentRead(string node) => allow;

    public bool AgentWrite(string node) => allow;

    public bool OperatorRead() => allow;

    public bool OperatorWrite() => allow;

    public bool KeyringRead() => allow;

    public bool KeyringWrite() => allow;

    public bool AclRead() => manage;

    public bool AclWrite() => manage;

    public bool MeshRead() => allow;

    public bool MeshWrite() => allow;
}
