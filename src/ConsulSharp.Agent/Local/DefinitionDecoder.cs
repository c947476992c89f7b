using System.Globalization;
using System.Text.Json;
using ConsulSharp.Core;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Local;

/// <summary>
/// Decodes service and check definitions from JSON the way Consul's agent endpoints do: field names match without
/// regard to case, unknown fields are refused (<c>json: unknown field "X"</c>), the documented snake_case aliases are
/// accepted, and durations are Go duration strings or numbers of nanoseconds. With <c>configFile</c> set, every
/// snake_case spelling is accepted (config files use them throughout). Errors are <see cref="DefinitionException"/>
/// carrying the text that follows <c>Request decode failed: </c>.
/// </summary>
public static class DefinitionDecoder
{
    private static readonly string[] ServiceFields =
    [
        "Kind", "ID", "Name", "Tags", "Address", "TaggedAddresses", "Meta", "Port", "SocketPath", "Weights",
        "EnableTagOverride", "Check", "Checks", "Token", "Locality", "Proxy", "Connect", "Namespace", "Partition",
    ];

    private static readonly string[] CheckFields =
    [
        "ID", "CheckID", "Name", "Status", "Notes", "ServiceID", "Token", "ScriptArgs", "Args", "HTTP", "Header", "Method",
        "Body", "DisableRedirects", "TCP", "TCPUseTLS", "UDP", "H2PING", "H2PingUseTLS", "GRPC", "GRPCUseTLS", "OSService",
        "TLSServerName", "TLSSkipVerify", "DockerContainerID", "Shell", "AliasNode", "AliasService", "Interval", "Timeout",
        "TTL", "DeregisterCriticalServiceAfter", "SuccessBeforePassing", "FailuresBeforeWarning", "FailuresBeforeCritical",
        "OutputMaxSize", "Namespace", "Partition",
    ];

    private static readonly Dictionary<string, string> ServiceAliases = new(StringComparer.Ordinal)
    {
        ["enable_tag_override"] = "EnableTagOverride",
        ["tagged_addresses"] = "TaggedAddresses",
    };

    private static readonly Dictionary<string, string> CheckAliases = new(StringComparer.Ordinal)
    {
        ["args"] = "ScriptArgs",
        ["script_args"] = "ScriptArgs",
        ["deregister_critical_service_after"] = "DeregisterCriticalServiceAfter",
        ["docker_container_id"] = "DockerContainerID",
        ["tls_server_name"] = "TLSServerName",
        ["tls_skip_verify"] = "TLSSkipVerify",
        ["grpc_use_tls"] = "GRPCUseTLS",
        ["h2ping_use_tls"] = "H2PingUseTLS",
        ["service_id"] = "ServiceID",
    };

    public static ServiceDefinition DecodeService(JsonElement e, bool configFile = false)
    {
        RequireObject(e, "structs.ServiceDefinition");
        var def = new ServiceDefinition();
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            def = Field(p.Name, ServiceFields, ServiceAliases, configFile) switch
            {
                "Kind" => def with { Kind = Str(v, "Kind") },
                "ID" => def with { Id = Str(v, "ID") },
                "Name" => def with { Name = Str(v, "Name") },
                "Tags" => def with { Tags = StrList(v, "Tags") },
                "Address" => def with { Address = Str(v, "Address") },
                "TaggedAddresses" => def with { TaggedAddresses = TaggedAddresses(v) },
                "Meta" => def with { Meta = StrMap(v, "Meta") },
                "Port" => def with { Port = Int(v, "Port") },
                "SocketPath" => def with { SocketPath = Str(v, "SocketPath") },
                "Weights" => def with { Weights = Weights(v) },
                "EnableTagOverride" => def with { EnableTagOverride = Bool(v, "EnableTagOverride") },
                "Check" => v.ValueKind == JsonValueKind.Null ? def : def with { Check = DecodeCheck(v, configFile) },
                "Checks" => def with { Checks = v.ValueKind == JsonValueKind.Null ? [] : Array(v, "Checks").Select(c => DecodeCheck(c, configFile)).ToList() },
                "Token" => def with { Token = Str(v, "Token") },
                "Namespace" or "Partition" when v.ValueKind is JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString() is "" or "default") => def,
                "Namespace" => throw new DefinitionException("json: unknown field \"Namespace\" (Namespaces are a Consul Enterprise feature)"),
                "Partition" => throw new DefinitionException("json: unknown field \"Partition\" (Partitions are a Consul Enterprise feature)"),
                // Locality, Proxy and Connect are accepted and not used yet (service mesh is out of scope here).
                _ => def,
            };
        }

        return def;
    }

    public static CheckDefinition DecodeCheck(JsonElement e, bool configFile = false)
    {
        RequireObject(e, "structs.CheckType");
        var def = new CheckDefinition();
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            def = Field(p.Name, CheckFields, CheckAliases, configFile) switch
            {
                "ID" or "CheckID" => def with { CheckId = Str(v, p.Name) },
                "Name" => def with { Name = Str(v, "Name") },
                "Status" => def with { Status = Str(v, "Status") },
                "Notes" => def with { Notes = Str(v, "Notes") },
                "ServiceID" => def with { ServiceId = Str(v, "ServiceID") },
                "Token" => def with { Token = Str(v, "Token") },
                "ScriptArgs" or "Args" => def with { ScriptArgs = StrList(v, "ScriptArgs") },
                "HTTP" => def with { Http = Str(v, "HTTP") },
                "Header" => def with { Header = Header(v) },
                "Method" => def with { Method = Str(v, "Method") },
                "Body" => def with { Body = Str(v, "Body") },
                "DisableRedirects" => def with { DisableRedirects = Bool(v, "DisableRedirects") },
                "TCP" => def with { Tcp = Str(v, "TCP") },
                "TCPUseTLS" => def with { TcpUseTls = Bool(v, "TCPUseTLS") },
                "UDP" => def with { Udp = Str(v, "UDP") },
                "H2PING" => def with { H2Ping = Str(v, "H2PING") },
                "H2PingUseTLS" => def with { H2PingUseTls = Bool(v, "H2PingUseTLS") },
                "GRPC" => def with { Grpc = Str(v, "GRPC") },
                "GRPCUseTLS" => def with { GrpcUseTls = Bool(v, "GRPCUseTLS") },
                "OSService" => def with { OsService = Str(v, "OSService") },
                "TLSServerName" => def with { TlsServerName = Str(v, "TLSServerName") },
                "TLSSkipVerify" => def with { TlsSkipVerify = Bool(v, "TLSSkipVerify") },
                "DockerContainerID" => def with { DockerContainerId = Str(v, "DockerContainerID") },
                "Shell" => def with { Shell = Str(v, "Shell") },
                "AliasNode" => def with { AliasNode = Str(v, "AliasNode") },
                "AliasService" => def with { AliasService = Str(v, "AliasService") },
                "Interval" => def with { Interval = Duration(v) },
                "Timeout" => def with { Timeout = Duration(v) },
                "TTL" => def with { Ttl = Duration(v) },
                "DeregisterCriticalServiceAfter" => def with { DeregisterCriticalServiceAfter = Duration(v) },
                "SuccessBeforePassing" => def with { SuccessBeforePassing = Int(v, "SuccessBeforePassing") },
                "FailuresBeforeWarning" => def with { FailuresBeforeWarning = Int(v, "FailuresBeforeWarning") },
                "FailuresBeforeCritical" => def with { FailuresBeforeCritical = Int(v, "FailuresBeforeCritical") },
                "OutputMaxSize" => def with { OutputMaxSize = Int(v, "OutputMaxSize") },
                _ => def,
            };
        }

        return def;
    }

    /// <summary>Go's field matching: exact name, then case-folded, then the coded aliases.</summary>
    private static string Field(string name, string[] fields, Dictionary<string, string> aliases, bool configFile)
    {
        foreach (var f in fields)
        {
            if (string.Equals(f, name, StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }

        if (aliases.TryGetValue(name, out var alias))
        {
            return alias;
        }

        if (configFile && name.Contains('_', StringComparison.Ordinal))
        {
            var squashed = name.Replace("_", "", StringComparison.Ordinal);
            foreach (var f in fields)
            {
                if (string.Equals(f, squashed, StringComparison.OrdinalIgnoreCase))
                {
                    return f;
                }
            }
        }

        throw new DefinitionException($"json: unknown field \"{name}\"");
    }

    private static void RequireObject(JsonElement e, string type)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new DefinitionException($"json: cannot unmarshal {Kind(e)} into Go value of type {type}");
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    private static DefinitionException Mismatch(JsonElement e, string field, string goType) =>
        new($"json: cannot unmarshal {Kind(e)} into Go struct field .{field} of type {goType}");

    private static string Str(JsonElement e, string field) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null => "",
        _ => throw Mismatch(e, field, "string"),
    };

    private static bool Bool(JsonElement e, string field) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False or JsonValueKind.Null => false,
        _ => throw Mismatch(e, field, "bool"),
    };

    private static int Int(JsonElement e, string field) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var i) => i,
        JsonValueKind.Null => 0,
        _ => throw Mismatch(e, field, "int"),
    };

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : throw Mismatch(e, field, "[]");

    private static List<string> StrList(JsonElement e, string field) =>
        e.ValueKind == JsonValueKind.Null ? [] : Array(e, field).Select(x => Str(x, field)).ToList();

    private static Dictionary<string, string> StrMap(JsonElement e, string field)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(e, field, "map[string]string");
        }

        foreach (var p in e.EnumerateObject())
        {
            map[p.Name] = Str(p.Value, field);
        }

        return map;
    }

    private static Dictionary<string, IReadOnlyList<string>> Header(JsonElement e)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(e, "Header", "map[string][]string");
        }

        foreach (var p in e.EnumerateObject())
        {
            map[p.Name] = StrList(p.Value, "Header");
        }

        return map;
    }

    private static Dictionary<string, ServiceAddress> TaggedAddresses(JsonElement e)
    {
        var map = new Dictionary<string, ServiceAddress>(StringComparer.Ordinal);
        if (e.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(e, "TaggedAddresses", "map[string]structs.ServiceAddress");
        }

        foreach (var p in e.EnumerateObject())
        {
            RequireObject(p.Value, "structs.ServiceAddress");
            string address = "";
            int port = 0;
            foreach (var f in p.Value.EnumerateObject())
            {
                if (f.NameEquals("Address") || f.Name.Equals("address", StringComparison.OrdinalIgnoreCase))
                {
                    address = Str(f.Value, "Address");
                }
                else if (f.Name.Equals("port", StringComparison.OrdinalIgnoreCase))
                {
                    port = Int(f.Value, "Port");
                }
                else
                {
                    throw new DefinitionException($"json: unknown field \"{f.Name}\"");
                }
            }

            map[p.Name] = new ServiceAddress(address, port);
        }

        return map;
    }

    private static ServiceWeights? Weights(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        RequireObject(e, "structs.Weights");
        int passing = 0, warning = 0;
        foreach (var f in e.EnumerateObject())
        {
            if (f.Name.Equals("passing", StringComparison.OrdinalIgnoreCase))
            {
                passing = Int(f.Value, "Weights.Passing");
            }
            else if (f.Name.Equals("warning", StringComparison.OrdinalIgnoreCase))
            {
                warning = Int(f.Value, "Weights.Warning");
            }
            else
            {
                throw new DefinitionException($"json: unknown field \"{f.Name}\"");
            }
        }

        return new ServiceWeights(passing, warning);
    }

    private static TimeSpan Duration(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return TimeSpan.Zero;
        }

        if (!GoDuration.TryReadLenient(e, out var ns, out var error))
        {
            throw new DefinitionException(error);
        }

        return GoDuration.FromNanoseconds(ns);
    }

    /// <summary>Formats a duration as Go's <c>Duration.String()</c>, or "" for zero (Consul omits unset durations).</summary>
    public static string FormatDuration(TimeSpan d) => d == TimeSpan.Zero ? "" : GoDuration.Format(d);

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
