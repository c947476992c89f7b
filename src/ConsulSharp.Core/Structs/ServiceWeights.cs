namespace ConsulSharp.Core.Structs;

/// <summary>DNS SRV weights of a service instance by health (Consul defaults: passing 1, warning 1).</summary>
public sealed record ServiceWeights(int Passing, int Warning)
{
    public static readonly ServiceWeights Default = new(1, 1);
}
