namespace ConsulSharp.Testing.Linearizability;

public enum RegisterOpKind
{
    /// <summary>A read that returned <see cref="RegisterOp.Output"/> (null: the key was absent).</summary>
    Read,

    /// <summary>An unconditional write of <see cref="RegisterOp.Value"/>.</summary>
    Write,

    /// <summary>A compare-and-set: write <see cref="RegisterOp.Value"/> only if the register holds <see cref="RegisterOp.Expected"/> (null: absent).</summary>
    Cas,
}
