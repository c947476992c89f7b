using System.Text.Json.Serialization;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Rpc;

/// <summary>JSON payloads inside RPC messages (structured FSM answers, node views), source-generated.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TxnResponse))]
[JsonSerializable(typeof(NodeCatalogView))]
[JsonSerializable(typeof(PreparedQueries.QueryDefinition))]
[JsonSerializable(typeof(PreparedQueries.ExecuteRequest))]
[JsonSerializable(typeof(PreparedQueries.ExecuteResult))]
internal sealed partial class RpcJsonContext : JsonSerializerContext;
