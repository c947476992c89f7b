using System.Security.Cryptography;
using System.Text.Json;
using ConsulSharp.Agent.Local;
using ConsulSharp.Contracts;
using ConsulSharp.Contracts.AgentServices;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Filter;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary>Local rows to the agent endpoints' wire shapes, filter schemas, and the body decoding the endpoints share.</summary>
internal static class AgentServiceMapping
{
    private static readonly FilterSchema<ServiceAddress> AddressSchema = FilterSchema.Create<ServiceAddress>(s => s
        .String("Address", a => a.Address)
        .Int("Port", a => a.Port));

    public static readonly FilterSchema<ServiceInstance> ServiceSchema = FilterSchema.Create<ServiceInstance>(s => s
        .String("Kind", x => x.Kind)
        .String("ID", x => x.Id)
        .String("Service", x => x.Name)
        .StringList("Tags", x => x.Tags)
        .StringMap("Meta", x => x.Meta)
        .Int("Port", x => x.Port)
        .String("Address", x => x.Address)
        .ObjectMap("TaggedAddresses", x => x.TaggedAddresses, AddressSchema)
        .Int("Weights.Passing", x => x.Weights.Passing)
        .Int("Weights.Warning", x => x.Weights.Warning)
        .Bool("EnableTagOverride", x => x.EnableTagOverride));

    public static readonly FilterSchema<HealthCheck> CheckSchema = FilterSchema.Create<HealthCheck>(s => s
        .String("Node", c => c.Node)
        .String("CheckID", c => c.CheckId)
        .String("Name", c => c.Name)
        .String("Status", c => c.Status)
        .String("Notes", c => c.Notes)
        .String("Output", c => c.Output)
        .String("ServiceID", c => c.ServiceId)
        .String("ServiceName", c => c.ServiceName)
        .StringList("ServiceTags", c => c.ServiceTags)
        .String("Type", c => c.Type));

    public static AgentServiceDto ToDto(ServiceInstance s, string datacenter, bool withHash = false)
    {
        var dto = new AgentServiceDto
        {
            Kind = s.Kind.Length > 0 ? s.Kind : null,
            ID = s.Id,
            Service = s.Name,
            Tags = s.Tags.ToList(),
            Meta = s.Meta.ToDictionary(StringComparer.Ordinal),
            Port = s.Port,
            Address = s.Address,
            TaggedAddresses = s.TaggedAddresses.Count > 0
                ? s.TaggedAddresses.ToDictionary(kv => kv.Key, kv => new ServiceAddressDto { Address = kv.Value.Address, Port = kv.Value.Port }, StringComparer.Ordinal)
                : null,
            Weights = new AgentWeights { Passing = s.Weights.Passing, Warning = s.Weights.Warning },
            EnableTagOverride = s.EnableTagOverride,
            Datacenter = datacenter,
        };
        return withHash ? dto with { ContentHash = ContentHash(dto) } : dto;
    }

    /// <summary>A stable hash of the service's content (Consul serves 16 hex digits).</summary>
    public static string ContentHash(AgentServiceDto dto)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(dto with { ContentHash = null }, ConsulJson.CompactContext.AgentServiceDto);
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
    }

    public static AgentCheckDto ToDto(HealthCheck c) => new()
    {
        Node = c.Node,
        CheckID = c.CheckId,
        Name = c.Name,
        Status = c.Status,
        Notes = c.Notes,
        Output = c.Output,
        ServiceID = c.ServiceId,
        ServiceName = c.ServiceName,
        ServiceTags = c.ServiceTags.ToList(),
        Type = c.Type,
        Interval = c.Interval,
        Timeout = c.Timeout,
        Definition = new HealthCheckDefinitionDto
        {
            HTTP = Opt(c.Definition.Http),
            TLSServerName = Opt(c.Definition.TlsServerName),
            TLSSkipVerify = c.Definition.TlsSkipVerify ? true : null,
            Header = c.Definition.Header.Count > 0 ? c.Definition.Header.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal) : null,
            Method = Opt(c.Definition.Method),
            Body = Opt(c.Definition.Body),
            TCP = Opt(c.Definition.Tcp),
            Interval = Opt(c.Definition.Interval),
            Timeout = Opt(c.Definition.Timeout),
            DeregisterCriticalServiceAfter = Opt(c.Definition.DeregisterCriticalServiceAfter),
            GRPC = Opt(c.Definition.Grpc),
            GRPCUseTLS = c.Definition.GrpcUseTls ? true : null,
        },
    };

    /// <summary>Reads a JSON object body for the definition decoder: 400 <c>Request decode failed: ...</c> on bad JSON.</summary>
    public static async Task<JsonDocument> ReadDocumentAsync(ApiRequest req)
    {
        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + "EOF");
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            var msg = ex.Message;
            var cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + (cut > 0 ? msg[..cut] : msg));
        }
    }

    public static T Decode<T>(JsonElement root, Func<JsonElement, T> decode)
    {
        try
        {
            return decode(root);
        }
        catch (DefinitionException ex)
        {
            throw ConsulException.BadRequest(Errors.RequestDecodeFailed + ex.Message);
        }
    }

    public static Filter<T> CompileFilter<T>(FilterSchema<T> schema, string expression)
    {
        try
        {
            return schema.Compile(expression);
        }
        catch (FilterException ex)
        {
            throw ConsulException.Internal(ex.Message);
        }
    }

    private static string? Opt(string s) => s.Length > 0 ? s : null;
}
