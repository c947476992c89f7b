namespace ConsulSharp.Testing.Netns;

/// <summary>One node of a <see cref="NetnsLab"/>: its own network namespace with one interface (<c>eth0</c>) on the lab bridge.</summary>
/// <param name="Index">1-based node number (n1, n2, ...).</param>
/// <param name="Namespace">The network namespace name (<c>ip netns</c>).</param>
/// <param name="Address">The node's IPv4 address on the lab bridge.</param>
public sealed record NetnsNode(int Index, string Namespace, string Address)
{
    /// <summary>The command prefix that runs a program inside this node's namespace (it execs in place: same pid).</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Namespace];

    public string Name => $"n{Index}";
}
