namespace ConsulSharp.Dns;

/// <summary>How a received packet is handled.</summary>
internal enum DnsParseStatus
{
    Ok,

    /// <summary>Too short to carry an id, or a response: no reply at all.</summary>
    Drop,

    FormatError,

    NotImplemented,
}
