using System.Text.Json.Serialization;
using ConsulSharp.Contracts.Agent;

namespace ConsulSharp.Contracts;

/// <summary>Source-generated serializers for every wire type; the only way wire types are (de)serialized.</summary>
[JsonSerializable(typeof(AgentSelf))]
[JsonSerializable(typeof(AgentVersion))]
[JsonSerializable(typeof(Member))]
[JsonSerializable(typeof(List<Member>))]
[JsonSerializable(typeof(MetricsSummary))]
[JsonSerializable(typeof(HostInfo))]
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
