namespace ConsulSharp.Core.Filter;

/// <summary>One selectable field of <typeparamref name="T"/>: a name, an accessor and the field's filter type.</summary>
internal abstract class FilterField<T>(string name)
{
    public string Name { get; } = name;

    /// <summary>Compiles the match whose selector part at <paramref name="depth"/> names this field.</summary>
    public abstract Func<T, bool> Compile(MatchContext context, int depth);
}
