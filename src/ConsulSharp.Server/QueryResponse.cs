using ConsulSharp.Core.Requests;

namespace ConsulSharp.Server;

/// <summary>A read's result with its meta (index, leader contact, consistency) for the X-Consul-* headers.</summary>
public sealed record QueryResponse<T>(QueryMeta Meta, T Value);
