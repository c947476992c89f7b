using ConsulSharp.State;

namespace ConsulSharp.Dns;

/// <summary>A service instance DNS may answer with; <see cref="Warning"/> when its worst check is warning.</summary>
internal readonly record struct DnsInstance(CheckServiceNode Instance, bool Warning);
