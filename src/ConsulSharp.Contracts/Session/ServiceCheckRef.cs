namespace ConsulSharp.Contracts.Session;

public sealed record ServiceCheckRef
{
    public string ID { get; init; } = "";

    public string Namespace { get; init; } = "";
}
