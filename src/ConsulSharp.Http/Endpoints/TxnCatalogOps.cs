using System.Globalization;
using System.Net;
using System.Text.Json;
using ConsulSharp.Contracts.Txn;
using ConsulSharp.Core.Errors;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// The node, service and check operations of <c>/v1/txn</c> (Consul <c>agent/txn_endpoint.go</c> convertOps and the
/// server's preCheck): the API shapes (<c>api.Node</c>, <c>api.AgentService</c> with the op's <c>Node</c>,
/// <c>api.HealthCheck</c>) become state-store ops with exactly the fields Consul copies, and writes are validated with
/// Consul's texts (each failure is a <c>TxnError</c> for its op; nothing is applied). Field names match without
/// regard to case and unknown fields are ignored, as Go's decoder does.
/// </summary>
internal static class TxnCatalogOps
{
    /// <summary>A node op, or the error text for its <c>OpIndex</c>.</summary>
    public static (TxnOp? Op, string? Error) Node(TxnNodeOpDto dto, string datacenter)
    {
        var e = dto.Node;
        var node = new Node
        {
            Name = Str(e, "Node"),
            Id = Str(e, "ID"),
            Address = Str(e, "Address"),
            Datacenter = Str(e, "Datacenter") is { Length: > 0 } dc ? dc : datacenter,
            TaggedAddresses = StrMap(e, "TaggedAddresses"),
            Meta = StrMap(e, "Meta"),
            ModifyIndex = ULong(e, "ModifyIndex"),
        };
        var verb = ParseVerb(dto.Verb);
        if (verb != TxnCatalogVerb.Get)
        {
            if (node.Name.Length == 0)
            {
                return (null, "Must provide node");
            }

            if (node.Id.Length > 0 && UuidError(node.Id) is { } err)
            {
                return (null, "Bad node ID: " + err);
            }
        }

        return verb is { } v ? (new TxnNodeOp(v, node), null) : (null, $"unknown Node verb \"{dto.Verb}\"");
    }

    /// <summary>A service op on <c>dto.Node</c>, or the error text.</summary>
    public static (TxnOp? Op, string? Error) Service(TxnServiceOpDto dto)
    {
        var e = dto.Service;
        var weights = Get(e, "Weights");
        var service = new ServiceInstance
        {
            Node = dto.Node ?? "",
            Id = Str(e, "ID"),
            Name = Str(e, "Service"),
            Tags = StrList(e, "Tags"),
            Address = Str(e, "Address"),
            Meta = StrMap(e, "Meta"),
            Port = (int)Long(e, "Port"),

            // api.AgentService.Weights is a value: a service op without weights stores 0/0, as Consul does.
            Weights = new ServiceWeights(weights is { } w ? (int)Long(w, "Passing") : 0, weights is { } w2 ? (int)Long(w2, "Warning") : 0),
            EnableTagOverride = Bool(e, "EnableTagOverride"),
            ModifyIndex = ULong(e, "ModifyIndex"),
        };
        var verb = ParseVerb(dto.Verb);
        if (verb != TxnCatalogVerb.Get)
        {
            if (service.Id.Length == 0 && service.Name.Length > 0)
            {
                service = service with { Id = service.Name };
            }

            if (service.Id.Length > 0 && service.Name.Length == 0)
            {
                return (null, "Must provide service name (Service.Service) when service ID is provided");
            }

            if (IPAddress.TryParse(service.Address.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
            {
                return (null, "Invalid service address");
            }
        }

        return verb is { } v ? (new TxnServiceOp(v, service), null) : (null, $"unknown Service verb \"{dto.Verb}\"");
    }

    /// <summary>A check op, or the error text.</summary>
    public static (TxnOp? Op, string? Error) Check(TxnCheckOpDto dto)
    {
        var e = dto.Check;
        var definition = Get(e, "Definition") is { ValueKind: JsonValueKind.Object } d
            ? CatalogEndpoints.ToDefinition(d) with { TlsServerName = "", Grpc = "", GrpcUseTls = false } // the fields Consul copies
            : HealthCheckDefinition.Empty;
        var check = new HealthCheck
        {
            Node = Str(e, "Node"),
            CheckId = Str(e, "CheckID"),
            Name = Str(e, "Name"),
            Status = Str(e, "Status"),
            Notes = Str(e, "Notes"),
            Output = Str(e, "Output"),
            ServiceId = Str(e, "ServiceID"),
            ServiceName = Str(e, "ServiceName"),
            ServiceTags = StrList(e, "ServiceTags"),
            Definition = definition,
            ModifyIndex = ULong(e, "ModifyIndex"),
        };
        var verb = ParseVerb(dto.Verb);
        if (verb != TxnCatalogVerb.Get)
        {
            // Consul checkPreApply: the ID defaults to the name; the type follows from the definition.
            var interval = definition.Interval.Length > 0;
            check = check with
            {
                CheckId = check.CheckId.Length > 0 ? check.CheckId : check.Name,
                Type = definition.Http.Length > 0 && interval ? "http" : definition.Tcp.Length > 0 && interval ? "tcp" : "",
            };
        }

        return verb is { } v ? (new TxnCheckOp(v, check), null) : (null, $"unknown Check verb \"{dto.Verb}\"");
    }

    private static TxnCatalogVerb? ParseVerb(string? verb) => verb switch
    {
        "get" => TxnCatalogVerb.Get,
        "set" => TxnCatalogVerb.Set,
        "cas" => TxnCatalogVerb.Cas,
        "delete" => TxnCatalogVerb.Delete,
        "delete-cas" => TxnCatalogVerb.DeleteCas,
        _ => null,
    };

    /// <summary>go-uuid's ParseUUID errors; null when valid.</summary>
    private static string? UuidError(string id)
    {
        if (id.Length != 36)
        {
            return "uuid string is wrong length";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? id[i] == '-' : char.IsAsciiHexDigit(id[i]);
            if (!ok)
            {
                return "uuid is improperly formatted";
            }
        }

        return null;
    }

    private static JsonElement? Get(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement? found = null;
        foreach (var p in obj.EnumerateObject())
        {
            if (p.NameEquals(name))
            {
                return p.Value;
            }

            if (found is null && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = p.Value;
            }
        }

        return found;
    }

    private static string Str(JsonElement obj, string name) => Get(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => "",
        { ValueKind: JsonValueKind.String } v => v.GetString() ?? "",
        { } v => throw Unmarshal(v, name, "string"),
    };

    private static bool Bool(JsonElement obj, string name) => Get(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.True } => true,
        { } v => throw Unmarshal(v, name, "bool"),
    };

    private static long Long(JsonElement obj, string name) => Get(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => 0,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
        { } v => throw Unmarshal(v, name, "int"),
    };

    private static ulong ULong(JsonElement obj, string name) => Get(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => 0,
        { ValueKind: JsonValueKind.Number } v when v.TryGetUInt64(out var n) => n,
        { } v => throw Unmarshal(v, name, "uint64"),
    };

    private static List<string> StrList(JsonElement obj, string name) => Get(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => [],
        { ValueKind: JsonValueKind.Array } v when v.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => v.EnumerateArray().Select(x => x.GetString() ?? "").ToList(),
        { } v => throw Unmarshal(v, name, "[]string"),
    };

    private static Dictionary<string, string> StrMap(JsonElement obj, string name) => Get(obj, name) switch
    {
        null or { ValueKind: JsonValueKind.Null } => new Dictionary<string, string>(StringComparer.Ordinal),
        { ValueKind: JsonValueKind.Object } v when v.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String) =>
            v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal),
        { } v => throw Unmarshal(v, name, "map[string]string"),
    };

    /// <summary>Go's decode error for a field of the wrong JSON type (the whole request is refused with 400).</summary>
    private static ConsulException Unmarshal(JsonElement value, string field, string goType)
    {
        var kind = value.ValueKind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number " + value.GetRawText(),
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
        };
        return ConsulException.BadRequest($"Failed to parse body: json: cannot unmarshal {kind} into Go struct field .{field} of type {goType}");
    }
}
