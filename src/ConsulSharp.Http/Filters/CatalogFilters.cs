using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Contracts.Health;
using ConsulSharp.Core.Filter;

namespace ConsulSharp.Http.Filters;

/// <summary>
/// The <c>?filter</c> schemas of the catalog, health and UI endpoints: selectors are Consul's JSON field names, minus
/// the fields Consul excludes (indexes, <c>Definition</c>, locality, namespace/partition).
/// </summary>
internal static class CatalogFilters
{
    public static readonly FilterSchema<WeightsEntry> Weights = FilterSchema.Create<WeightsEntry>(s => s
        .Int("Passing", w => w.Passing)
        .Int("Warning", w => w.Warning));

    public static readonly FilterSchema<ServiceAddressEntry> ServiceAddress = FilterSchema.Create<ServiceAddressEntry>(s => s
        .String("Address", a => a.Address)
        .Int("Port", a => a.Port));

    public static readonly FilterSchema<ProxyConfigEntry> Proxy = FilterSchema.Create<ProxyConfigEntry>(s => s
        .String("Mode", p => p.Mode)
        .String("DestinationServiceName", _ => "")
        .String("DestinationServiceID", _ => "")
        .String("LocalServiceAddress", _ => "")
        .Int("LocalServicePort", _ => 0)
        .String("LocalServiceSocketPath", _ => ""));

    public static readonly FilterSchema<EmptyObject> Connect = FilterSchema.Create<EmptyObject>(s => s
        .Bool("Native", _ => false));

    /// <summary>Catalog nodes (Consul <c>Node</c>).</summary>
    public static readonly FilterSchema<NodeEntry> Node = FilterSchema.Create<NodeEntry>(s => s
        .String("ID", n => n.ID)
        .String("Node", n => n.Node)
        .String("Address", n => n.Address)
        .String("Datacenter", n => n.Datacenter)
        .StringMap("TaggedAddresses", n => n.TaggedAddresses)
        .StringMap("Meta", n => n.Meta));

    /// <summary>Catalog service instances (Consul <c>ServiceNode</c>).</summary>
    public static readonly FilterSchema<ServiceNodeEntry> ServiceNode = FilterSchema.Create<ServiceNodeEntry>(s => s
        .String("ID", n => n.ID)
        .String("Node", n => n.Node)
        .String("Address", n => n.Address)
        .String("Datacenter", n => n.Datacenter)
        .StringMap("TaggedAddresses", n => n.TaggedAddresses)
        .StringMap("NodeMeta", n => n.NodeMeta)
        .String("ServiceKind", n => n.ServiceKind)
        .String("ServiceID", n => n.ServiceID)
        .String("ServiceName", n => n.ServiceName)
        .StringList("ServiceTags", n => n.ServiceTags)
        .String("ServiceAddress", n => n.ServiceAddress)
        .ObjectMap("ServiceTaggedAddresses", n => n.ServiceTaggedAddresses, ServiceAddress)
        .Object("ServiceWeights", n => n.ServiceWeights, Weights)
        .StringMap("ServiceMeta", n => n.ServiceMeta)
        .Int("ServicePort", n => n.ServicePort)
        .String("ServiceSocketPath", n => n.ServiceSocketPath)
        .Bool("ServiceEnableTagOverride", n => n.ServiceEnableTagOverride)
        .Object("ServiceProxy", n => n.ServiceProxy, Proxy)
        .Object("ServiceConnect", n => n.ServiceConnect, Connect));

    /// <summary>Services on a node (Consul <c>NodeService</c>).</summary>
    public static readonly FilterSchema<NodeServiceEntry> NodeService = FilterSchema.Create<NodeServiceEntry>(s => s
        .String("Kind", n => n.Kind ?? "")
        .String("ID", n => n.ID)
        .String("Service", n => n.Service)
        .StringList("Tags", n => n.Tags)
        .String("Address", n => n.Address)
        .ObjectMap("TaggedAddresses", n => n.TaggedAddresses, ServiceAddress)
        .StringMap("Meta", n => n.Meta)
        .Int("Port", n => n.Port)
        .String("SocketPath", _ => "")
        .Object("Weights", n => n.Weights, Weights)
        .Bool("EnableTagOverride", n => n.EnableTagOverride)
        .Object("Proxy", n => n.Proxy, Proxy)
        .Object("Connect", n => n.Connect, Connect)
        .String("PeerName", n => n.PeerName));

    /// <summary>Health checks (Consul <c>HealthCheck</c>).</summary>
    public static readonly FilterSchema<HealthCheckEntry> HealthCheck = FilterSchema.Create<HealthCheckEntry>(s => s
        .String("Node", c => c.Node)
        .String("CheckID", c => c.CheckID)
        .String("Name", c => c.Name)
        .String("Status", c => c.Status)
        .String("Notes", c => c.Notes)
        .String("Output", c => c.Output)
        .String("ServiceID", c => c.ServiceID)
        .String("ServiceName", c => c.ServiceName)
        .StringList("ServiceTags", c => c.ServiceTags)
        .String("Type", c => c.Type)
        .String("Interval", c => c.Interval)
        .String("Timeout", c => c.Timeout)
        .Int("ExposedPort", c => c.ExposedPort));

    /// <summary>Health service instances (Consul <c>CheckServiceNode</c>).</summary>
    public static readonly FilterSchema<CheckServiceNodeEntry> CheckServiceNode = FilterSchema.Create<CheckServiceNodeEntry>(s => s
        .Object("Node", n => n.Node, Node)
        .Object("Service", n => n.Service, NodeService)
        .ObjectList("Checks", n => n.Checks, HealthCheck));

    /// <summary>The UI's node list (Consul <c>NodeInfo</c>).</summary>
    public static readonly FilterSchema<UiNodeInfo> NodeInfo = FilterSchema.Create<UiNodeInfo>(s => s
        .String("ID", n => n.ID)
        .String("Node", n => n.Node)
        .String("Address", n => n.Address)
        .StringMap("TaggedAddresses", n => n.TaggedAddresses)
        .StringMap("Meta", n => n.Meta)
        .ObjectList("Services", n => n.Services, NodeService)
        .ObjectList("Checks", n => n.Checks, HealthCheck));

    /// <summary>Compiles <paramref name="expression"/>; a bad one is Consul's 500 with the evaluator's message.</summary>
    public static Filter<T> Compile<T>(FilterSchema<T> schema, string expression)
    {
        try
        {
            return schema.Compile(expression);
        }
        catch (FilterException ex)
        {
            throw Core.Errors.ConsulException.Internal(ex.Message);
        }
    }
}
