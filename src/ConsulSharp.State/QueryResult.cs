namespace ConsulSharp.State;

/// <summary>A read's value with the index to return as <c>X-Consul-Index</c>.</summary>
public readonly record struct QueryResult<T>(ulong Index, T Value);
