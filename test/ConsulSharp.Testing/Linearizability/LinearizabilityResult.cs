namespace ConsulSharp.Testing.Linearizability;

/// <summary>The verdict for a history; when not linearizable, the key and the longest prefix that could be ordered.</summary>
public sealed record LinearizabilityResult(bool IsLinearizable, string? Key, IReadOnlyList<RegisterOp> LongestLinearizedPrefix)
{
    public override string ToString() => IsLinearizable
        ? "linearizable"
        : $"NOT linearizable on key '{Key}'; the longest order found:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", LongestLinearizedPrefix);
}
