using System.Globalization;
using System.Net.Http.Headers;

namespace ConsulSharp.Client;

/// <summary>A raw API answer: status, body and the X-Consul-* meta.</summary>
public sealed record ConsulResponse(int StatusCode, byte[] Body, HttpResponseHeaders Headers)
{
    public ulong Index => Header("X-Consul-Index") is { } s && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public bool KnownLeader => Header("X-Consul-KnownLeader") == "true";

    public string? Header(string name) => Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null;

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
