namespace ConsulSharp.Testing.Linearizability;

/// <summary>
/// One operation of a history over one single-key register. Values written must be unique per key, so a Consul
/// <c>?cas=&lt;ModifyIndex&gt;</c> is recorded as a compare on the value that read returned with that index.
/// </summary>
/// <param name="Client">Which client issued it (a client's operations never overlap).</param>
/// <param name="Key">The register; histories are checked per key.</param>
/// <param name="Invoke">When the call started (any monotonic tick unit, e.g. <see cref="System.Diagnostics.Stopwatch"/>).</param>
/// <param name="Return">When the answer arrived; null when the outcome is unknown (timeout, crash): it may or may not have taken effect.</param>
public sealed record RegisterOp(int Client, string Key, RegisterOpKind Kind, long Invoke, long? Return)
{
    /// <summary>The value written (Write, Cas).</summary>
    public string? Value { get; init; }

    /// <summary>The value a Cas expects (null: the key must be absent).</summary>
    public string? Expected { get; init; }

    /// <summary>What a Read returned (null: absent).</summary>
    public string? Output { get; init; }

    /// <summary>Whether a Cas answered true.</summary>
    public bool CasSucceeded { get; init; }

    public bool OutcomeKnown => Return is not null;

    public override string ToString() => Kind switch
    {
        RegisterOpKind.Read => $"c{Client} read({Key}) -> {Output ?? "<absent>"}",
        RegisterOpKind.Write => $"c{Client} write({Key}, {Value}){(OutcomeKnown ? "" : " -> ?")}",
        _ => $"c{Client} cas({Key}, {Expected ?? "<absent>"} -> {Value}) -> {(OutcomeKnown ? CasSucceeded.ToString() : "?")}",
    } + $" [{Invoke}, {(Return is { } r ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : "∞")}]";
}
