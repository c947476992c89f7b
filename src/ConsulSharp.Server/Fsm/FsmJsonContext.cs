using System.Text.Json.Serialization;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Server.Fsm;

/// <summary>
/// Payload encoding of replicated commands: source-generated JSON with named fields, so new optional fields can be
/// added without breaking old logs (the log's schema evolution rule: add fields, never rename or reuse).
/// </summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KvsCommand))]
[JsonSerializable(typeof(SessionCommand))]
[JsonSerializable(typeof(DeregisterCommand))]
[JsonSerializable(typeof(TombstoneCommand))]
[JsonSerializable(typeof(TxnCommand))]
[JsonSerializable(typeof(CatalogRegistration))]
[JsonSerializable(typeof(PreparedQueryCommand))]
[JsonSerializable(typeof(CoordinateBatchCommand))]
[JsonSerializable(typeof(PreparedQueries.QueryDefinition))]
[JsonSerializable(typeof(AutopilotCommand))]
[JsonSerializable(typeof(AclBootstrapCommand))]
[JsonSerializable(typeof(AclTokenSetCommand))]
[JsonSerializable(typeof(AclPolicySetCommand))]
[JsonSerializable(typeof(AclRoleSetCommand))]
[JsonSerializable(typeof(AclDeleteCommand))]
internal sealed partial class FsmJsonContext : JsonSerializerContext;
