using System.Text.Json.Serialization;

namespace ConsulSharp.Agent.Local;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class MaintenanceJsonContext : JsonSerializerContext;
