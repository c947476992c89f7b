namespace ConsulSharp.Core.Structs;

/// <summary>The outcome of a transaction: results when all ops succeeded (and were applied), else errors (nothing applied).</summary>
public sealed record TxnResponse(IReadOnlyList<TxnResult> Results, IReadOnlyList<TxnError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
