namespace ConsulSharp.Dns;

/// <summary>Wire numbers from RFC 1035, 2782, 3596 and 6891.</summary>
internal static class DnsConstants
{
    public const ushort TypeA = 1;
    public const ushort TypeNs = 2;
    public const ushort TypeCname = 5;
    public const ushort TypeSoa = 6;
    public const ushort TypePtr = 12;
    public const ushort TypeMx = 15;
    public const ushort TypeTxt = 16;
    public const ushort TypeAaaa = 28;
    public const ushort TypeSrv = 33;
    public const ushort TypeOpt = 41;
    public const ushort TypeAxfr = 252;
    public const ushort TypeAny = 255;

    public const ushort ClassIn = 1;
    public const ushort ClassAny = 255;

    public const int RcodeNoError = 0;
    public const int RcodeFormErr = 1;
    public const int RcodeServFail = 2;
    public const int RcodeNxDomain = 3;
    public const int RcodeNotImp = 4;
    public const int RcodeRefused = 5;

    public const int HeaderSize = 12;

    /// <summary>Largest UDP payload Consul honours from an EDNS0 buffer size.</summary>
    public const int MaxUdpSize = 65467;

    /// <summary>Largest TCP answer Consul builds.</summary>
    public const int MaxTcpSize = 65523;

    public const int DefaultUdpSize = 512;
}
