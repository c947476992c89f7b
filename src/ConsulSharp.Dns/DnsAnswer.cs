namespace ConsulSharp.Dns;

/// <summary>The sections and flags of a response before it is trimmed and encoded.</summary>
internal sealed class DnsAnswer
{
    public int Rcode { get; set; }

    public bool Authoritative { get; set; } = true;

    public List<DnsRecord> Answers { get; } = [];

    public List<DnsRecord> Authority { get; } = [];

    public List<DnsRecord> Additional { get; } = [];

    /// <summary>The name is outside our zones (or an unknown reverse name): ask the recursors.</summary>
    public bool Recurse { get; set; }

    /// <summary>What to answer when recursion is not possible (no recursors): REFUSED out of zone, SERVFAIL for PTR.</summary>
    public int RcodeWithoutRecursors { get; set; } = DnsConstants.RcodeRefused;

    /// <summary>A remote catalog read is under way: answer the question again when it completes.</summary>
    public Task? Pending { get; init; }

    public static DnsAnswer WithRcode(int rcode) => new() { Rcode = rcode };
}
