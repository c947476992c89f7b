namespace ConsulSharp.Core.Filter;

/// <summary>Scalars: no further selector parts; <c>==</c>/<c>!=</c> with the literal coerced to the field's type.</summary>
internal abstract class PrimitiveFilterType<TValue> : FilterType<TValue>
{
    internal override bool IsPrimitive => true;

    internal override Func<TValue, bool> Compile(MatchContext context, int depth)
    {
        if (depth < context.Length)
        {
            throw context.InvalidSelector(depth);
        }

        if (!Supports(context.Operator))
        {
            throw context.InvalidOperator();
        }

        switch (context.Operator)
        {
            case FilterMatchOperator.Equal:
                return CompileEquality(context);
            case FilterMatchOperator.NotEqual:
                {
                    var equal = CompileEquality(context);
                    return v => !equal(v);
                }

            default:
                return CompileOther(context);
        }
    }

    protected virtual bool Supports(FilterMatchOperator op) => op is FilterMatchOperator.Equal or FilterMatchOperator.NotEqual;

    protected virtual Func<TValue, bool> CompileOther(MatchContext context) => throw context.InvalidOperator();
}
