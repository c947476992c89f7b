namespace ConsulSharp.Contracts.Catalog;

/// <summary>A Go struct with nothing set, written as <c>{}</c> (the proxy and connect sub-objects of a plain service).</summary>
public sealed record EmptyObject
{
    public static readonly EmptyObject Instance = new();
}
