namespace ConsulSharp.Acl;

/// <summary>Consul's <c>acl.Authorizer</c>: one answer per (resource, access level). Implementations are immutable and
/// thread-safe; a token's authorizer is compiled once from its policies and cached.</summary>
public interface IAuthorizer
{
    bool KeyRead(string key);

    bool KeyList(string prefix);

    bool KeyWrite(string key);

    /// <summary>Delete-tree / recursive delete: write on every key under <paramref name="prefix"/>.</summary>
    bool KeyWritePrefix(string prefix);

    bool ServiceRead(string name);

    bool ServiceWrite(string name);

    bool ServiceReadAll();

    bool NodeRead(string name);

    bool NodeWrite(string name);

    bool NodeReadAll();

    bool SessionRead(string node);

    bool SessionWrite(string node);

    bool EventRead(string name);

    bool EventWrite(string name);

    bool QueryRead(string name);

    bool QueryWrite(string name);

    bool AgentRead(string node);

    bool AgentWrite(string node);

    bool OperatorRead();

    bool OperatorWrite();

    bool KeyringRead();

    bool KeyringWrite();

    bool AclRead();

    bool AclWrite();

    bool MeshRead();

    bool MeshWrite();
}
