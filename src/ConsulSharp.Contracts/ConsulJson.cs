using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ConsulSharp.Contracts;

/// <summary>
/// The JSON settings of Consul's wire format: exact-case output, case-insensitive input (Go's encoding/json),
/// compact by default and 4-space indentation with a trailing newline for <c>?pretty</c>.
/// </summary>
public static class ConsulJson
{
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static ConsulJsonContext CompactContext { get; } = new(new JsonSerializerOptions(Compact));

    public static ConsulJsonContext IndentedContext { get; } = new(new JsonSerializerOptions(Indented));

    public static JsonTypeInfo<T> Info<T>(bool indented) =>
        (JsonTypeInfo<T>)(indented ? IndentedContext : CompactContext).GetTypeInfo(typeof(T))!;

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNameCaseInsensitive = true,
        WriteIndented = indented,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = false,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };
}
