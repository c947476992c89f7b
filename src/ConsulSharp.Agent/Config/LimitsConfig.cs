namespace ConsulSharp.Agent.Config;

/// <summary>The <c>limits</c> block.</summary>
public sealed record LimitsConfig
{
    public int HttpMaxConnsPerClient { get; init; } = 200;

    public TimeSpan HttpsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RpcHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan RpcClientTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>RPC requests per second per client; <see cref="double.PositiveInfinity"/> when unlimited (Consul's <c>-1</c>).</summary>
    public double RpcRate { get; init; } = double.PositiveInfinity;

    public int RpcMaxBurst { get; init; } = 1000;

    public int RpcMaxConnsPerClient { get; init; } = 100;

    public long KvMaxValueSize { get; init; } = 512 * 1024;

    public long TxnMaxReqLen { get; init; } = 512 * 1024;

    /// <summary><c>request_limits.mode</c>: <c>disabled</c>, <c>permissive</c> or <c>enforcing</c>.</summary>
    public string RequestLimitsMode { get; init; } = "disabled";

    public double RequestLimitsReadRate { get; init; } = double.PositiveInfinity;

    public double RequestLimitsWriteRate { get; init; } = double.PositiveInfinity;
}
