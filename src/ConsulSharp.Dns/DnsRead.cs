namespace ConsulSharp.Dns;

/// <summary>
/// One catalog read for the DNS resolver: a value, or a remote fetch in progress (the resolver is synchronous, so a
/// client agent's cache miss hands the fetch back to the server loop, which answers when it completes), or a failure.
/// </summary>
internal readonly record struct DnsRead<T>(DnsReadStatus Status, T? Value, Task? Pending)
{
    public static DnsRead<T> Of(T? value) => new(DnsReadStatus.Ok, value, null);

    public static DnsRead<T> Wait(Task pending) => new(DnsReadStatus.Pending, default, pending);

    public static DnsRead<T> Fail(DnsReadStatus status) => new(status, default, null);
}
