using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Contracts.Health;
using ConsulSharp.Core.Structs;
using ConsulSharp.State;

namespace ConsulSharp.Http.Endpoints;

/// <summary>Row types to Consul's wire shapes: map keys sorted (Go writes maps in key order), lists never null.</summary>
internal static class CatalogMapping
{
    public static IReadOnlyDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
        {
            sorted[k] = v;
        }

        return sorted;
    }

    public static NodeEntry ToDto(Node n) => new()
    {
        ID = n.Id,
        Node = n.Name,
        Address = n.Address,
        Datacenter = n.Datacenter,
        TaggedAddresses = Sorted(n.TaggedAddresses),
        Meta = Sorted(n.Meta),
        CreateIndex = n.CreateIndex,
        ModifyIndex = n.ModifyIndex,
    };

    public static NodeServiceEntry ToDto(ServiceInstance s) => new()
    {
        Kind = s.Kind.Length == 0 ? null : s.Kind,
        ID = s.Id,
        Service = s.Name,
        Tags = s.Tags,
        Address = s.Address,
        TaggedAddresses = TaggedAddresses(s),
        Meta = Sorted(s.Meta),
        Port = s.Port,
        Weights = new WeightsEntry { Passing = s.Weights.Passing, Warning = s.Weights.Warning },
        EnableTagOverride = s.EnableTagOverride,
        CreateIndex = s.CreateIndex,
        ModifyIndex = s.ModifyIndex,
    };

    public static ServiceNodeEntry ToDto(CatalogServiceNode sn)
    {
        var (n, s) = (sn.Node, sn.Service);
        return new ServiceNodeEntry
        {
            ID = n.Id,
            Node = n.Name,
            Address = n.Address,
            Datacenter = n.Datacenter,
            TaggedAddresses = Sorted(n.TaggedAddresses),
            NodeMeta = Sorted(n.Meta),
            ServiceKind = s.Kind,
            ServiceID = s.Id,
            ServiceName = s.Name,
            ServiceTags = s.Tags,
            ServiceAddress = s.Address,
            ServiceTaggedAddresses = TaggedAddresses(s),
            ServiceWeights = new WeightsEntry { Passing = s.Weights.Passing, Warning = s.Weights.Warning },
            ServiceMeta = Sorted(s.Meta),
            ServicePort = s.Port,
            ServiceEnableTagOverride = s.EnableTagOverride,
            CreateIndex = s.CreateIndex,
            ModifyIndex = s.ModifyIndex,
        };
    }

    public static HealthCheckEntry ToDto(HealthCheck c) => new()
    {
        Node = c.Node,
        CheckID = c.CheckId,
        Name = c.Name,
        Status = c.Status,
        Notes = c.Notes,
        Output = c.Output,
        ServiceID = c.ServiceId,
        ServiceName = c.ServiceName,
        ServiceTags = c.ServiceTags,
        Type = c.Type,
        Interval = c.Interval,
        Timeout = c.Timeout,
        Definition = ToDto(c.Definition),
        CreateIndex = c.CreateIndex,
        ModifyIndex = c.ModifyIndex,
    };

    public static CheckServiceNodeEntry ToDto(CheckServiceNode csn) => new()
    {
        Node = ToDto(csn.Node),
        Service = ToDto(csn.Service),
        Checks = csn.Checks.Select(ToDto).ToList(),
    };

    public static HealthCheckDefinitionEntry ToDto(HealthCheckDefinition d)
    {
        if (ReferenceEquals(d, HealthCheckDefinition.Empty) || d.IsSame(HealthCheckDefinition.Empty))
        {
            return HealthCheckDefinitionEntry.Empty;
        }

        return new HealthCheckDefinitionEntry
        {
            HTTP = NullIfEmpty(d.Http),
            TLSServerName = NullIfEmpty(d.TlsServerName),
            TLSSkipVerify = d.TlsSkipVerify,
            Header = d.Header.Count == 0 ? null : new SortedDictionary<string, IReadOnlyList<string>>(d.Header.ToDictionary(), StringComparer.Ordinal),
            Method = NullIfEmpty(d.Method),
            Body = NullIfEmpty(d.Body),
            TCP = NullIfEmpty(d.Tcp),
            Interval = NullIfEmpty(d.Interval),
            Timeout = NullIfEmpty(d.Timeout),
            DeregisterCriticalServiceAfter = NullIfEmpty(d.DeregisterCriticalServiceAfter),
            GRPC = NullIfEmpty(d.Grpc),
            GRPCUseTLS = d.GrpcUseTls,
        };
    }

    private static SortedDictionary<string, ServiceAddressEntry>? TaggedAddresses(ServiceInstance s) =>
        s.TaggedAddresses.Count == 0
            ? null
            : new SortedDictionary<string, ServiceAddressEntry>(
                s.TaggedAddresses.ToDictionary(kv => kv.Key, kv => new ServiceAddressEntry { Address = kv.Value.Address, Port = kv.Value.Port }),
                StringComparer.Ordinal);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
