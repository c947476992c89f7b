namespace ConsulSharp.Core.Filter;

internal sealed class FilterField<T, TValue>(string name, Func<T, TValue> accessor, FilterType<TValue> type) : FilterField<T>(name)
{
    public override Func<T, bool> Compile(MatchContext context, int depth)
    {
        var inner = type.Compile(context, depth + 1);
        // A null parent object reads as Go's zero value for every field.
        return item => inner(item is null ? default! : accessor(item));
    }
}
