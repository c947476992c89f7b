using System.Text.Json.Serialization;
using ConsulSharp.Contracts.Acl;
using ConsulSharp.Contracts.Agent;
using ConsulSharp.Contracts.Catalog;
using ConsulSharp.Contracts.Event;
using ConsulSharp.Contracts.Coordinates;
using ConsulSharp.Contracts.Health;
using ConsulSharp.Contracts.AgentServices;
using ConsulSharp.Contracts.Kv;
using ConsulSharp.Contracts.Operator;
using ConsulSharp.Contracts.Query;
using ConsulSharp.Contracts.Session;
using ConsulSharp.Contracts.Txn;

namespace ConsulSharp.Contracts;

/// <summary>Source-generated serializers for every wire type; the only way wire types are (de)serialized.</summary>
[JsonSerializable(typeof(AgentSelf))]
[JsonSerializable(typeof(AgentServiceDto))]
[JsonSerializable(typeof(Dictionary<string, AgentServiceDto>))]
[JsonSerializable(typeof(Dictionary<string, AgentCheckDto>))]
[JsonSerializable(typeof(AgentServiceChecksInfo))]
[JsonSerializable(typeof(List<AgentServiceChecksInfo>))]
[JsonSerializable(typeof(CheckUpdateRequest))]
[JsonSerializable(typeof(List<DirEntry>))]
[JsonSerializable(typeof(List<SessionEntry>))]
[JsonSerializable(typeof(SessionCreateRequest))]
[JsonSerializable(typeof(SessionIdResponse))]
[JsonSerializable(typeof(List<TxnOpDto>))]
[JsonSerializable(typeof(TxnResponseDto))]
[JsonSerializable(typeof(RaftConfigurationDto))]
[JsonSerializable(typeof(TransferLeaderResponse))]
[JsonSerializable(typeof(AutopilotConfigurationDto))]
[JsonSerializable(typeof(OperatorHealthReplyDto))]
[JsonSerializable(typeof(AutopilotStateDto))]
[JsonSerializable(typeof(AgentVersion))]
[JsonSerializable(typeof(Member))]
[JsonSerializable(typeof(List<Member>))]
[JsonSerializable(typeof(UserEventDto))]
[JsonSerializable(typeof(List<UserEventDto>))]
[JsonSerializable(typeof(KeyringRequest))]
[JsonSerializable(typeof(List<KeyringResponseDto>))]
[JsonSerializable(typeof(MetricsSummary))]
[JsonSerializable(typeof(HostInfo))]
[JsonSerializable(typeof(CatalogRegisterRequest))]
[JsonSerializable(typeof(CatalogDeregisterRequest))]
[JsonSerializable(typeof(List<NodeEntry>))]
[JsonSerializable(typeof(List<ServiceNodeEntry>))]
[JsonSerializable(typeof(CatalogNodeEntry))]
[JsonSerializable(typeof(NodeServiceListEntry))]
[JsonSerializable(typeof(SortedDictionary<string, List<string>>))]
[JsonSerializable(typeof(List<HealthCheckEntry>))]
[JsonSerializable(typeof(List<CheckServiceNodeEntry>))]
[JsonSerializable(typeof(List<UiNodeInfo>))]
[JsonSerializable(typeof(UiNodeInfo))]
[JsonSerializable(typeof(List<UiServiceSummary>))]
[JsonSerializable(typeof(UiCatalogOverview))]
[JsonSerializable(typeof(PreparedQueryDto))]
[JsonSerializable(typeof(List<PreparedQueryDto>))]
[JsonSerializable(typeof(PreparedQueryIdResponse))]
[JsonSerializable(typeof(PreparedQueryExecuteResponse))]
[JsonSerializable(typeof(PreparedQueryExplainResponse))]
[JsonSerializable(typeof(CoordinateEntry))]
[JsonSerializable(typeof(List<CoordinateEntry>))]
[JsonSerializable(typeof(List<DatacenterMap>))]
[JsonSerializable(typeof(AclBootstrapDto))]
[JsonSerializable(typeof(AclBootstrapRequest))]
[JsonSerializable(typeof(List<AclPolicyListEntry>))]
[JsonSerializable(typeof(AgentTokenRequest))]
[JsonSerializable(typeof(AclResolveDto))]
[JsonSerializable(typeof(AclTokenEntry))]
[JsonSerializable(typeof(List<AclTokenEntry>))]
[JsonSerializable(typeof(AclPolicyEntry))]
[JsonSerializable(typeof(AclRoleEntry))]
[JsonSerializable(typeof(List<AclRoleEntry>))]
[JsonSerializable(typeof(AclTokenCloneRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
public sealed partial class ConsulJsonContext : JsonSerializerContext;
