namespace ConsulSharp.Agent.Membership;

/// <summary>One pool's answer to a keyring operation (Consul's <c>KeyringResponse</c>); <see cref="Error"/> is empty on success.</summary>
public sealed record KeyringResult(
    bool Wan,
    string Datacenter,
    IReadOnlyDictionary<string, string> Messages,
    IReadOnlyDictionary<string, int> Keys,
    IReadOnlyDictionary<string, int> PrimaryKeys,
    int NumNodes,
    string Error);
