namespace ConsulSharp.Contracts.Operator;

/// <summary>The body of <c>POST/PUT/DELETE /v1/operator/keyring</c>: a base64 gossip key.</summary>
public sealed record KeyringRequest
{
    public string Key { get; init; } = "";
}
