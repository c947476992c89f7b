using System.Text.Json.Serialization;

namespace ConsulSharp.Agent.Local;

[JsonSerializable(typeof(CheckStateRecord))]
internal sealed partial class CheckStateJson : JsonSerializerContext;
