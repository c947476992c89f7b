using System.Text.Json.Serialization;

namespace ConsulSharp.Cli.Commands;

[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
internal sealed partial class ExecJsonContext : JsonSerializerContext;
