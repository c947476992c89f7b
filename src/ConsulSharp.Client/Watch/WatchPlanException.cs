namespace ConsulSharp.Client.Watch;

/// <summary>A watch definition Consul would refuse (its texts: <c>Unsupported watch type: x</c>, <c>Must specify a
/// single key to watch</c>, <c>Invalid parameters: [a b]</c>...).</summary>
public sealed class WatchPlanException(string message) : Exception(message);
