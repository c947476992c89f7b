namespace ConsulSharp.Core.Filter;

/// <summary>
/// How values of <typeparamref name="TValue"/> take part in filter expressions: which operators apply, how the literal is
/// coerced, and how selectors continue into it. Instances come from <see cref="FilterType"/> or are a
/// <see cref="FilterSchema{T}"/>. Null values behave as Go's zero values ("", empty list, empty map, an object whose
/// fields are all zero).
/// </summary>
public abstract class FilterType<TValue>
{
    private protected FilterType()
    {
    }

    /// <summary>Primitive types (string, bool, numbers) support equality and can be list elements for <c>in</c>.</summary>
    internal abstract bool IsPrimitive { get; }

    internal abstract Func<TValue, bool> Compile(MatchContext context, int depth);

    /// <summary>Equality with the coerced literal; only called on primitive types.</summary>
    internal virtual Func<TValue, bool> CompileEquality(MatchContext context) =>
        throw new InvalidOperationException("equality is only defined for primitive filter types");
}
