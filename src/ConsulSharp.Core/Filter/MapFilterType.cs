namespace ConsulSharp.Core.Filter;

/// <summary>
/// Maps with string keys. As the operand: <c>is empty</c>, <c>is not empty</c>, <c>in</c>/<c>not in</c> (key
/// membership). <c>Map.key</c> or <c>Map["key"]</c> selects a value; when the key is absent the match is false for
/// <c>==</c>, <c>in</c>, <c>is not empty</c> and true for every other operator (bexpr's rule, <c>matches</c> included).
/// </summary>
internal sealed class MapFilterType<TValue>(FilterType<TValue> value) : FilterType<IReadOnlyDictionary<string, TValue>?>
{
    internal override bool IsPrimitive => false;

    internal override Func<IReadOnlyDictionary<string, TValue>?, bool> Compile(MatchContext context, int depth)
    {
        if (depth < context.Length)
        {
            var key = context.Selector[depth];
            var inner = value.Compile(context, depth + 1);
            var missing = context.Operator.MissingKeyResult();
            return map => map is not null && map.TryGetValue(key, out var v) && v is not null ? inner(v) : missing;
        }

        switch (context.Operator)
        {
            case FilterMatchOperator.IsEmpty:
                return map => map is null || map.Count == 0;
            case FilterMatchOperator.IsNotEmpty:
                return map => map is not null && map.Count > 0;
            case FilterMatchOperator.In:
                {
                    var key = context.Value;
                    return map => map is not null && map.ContainsKey(key);
                }

            case FilterMatchOperator.NotIn:
                {
                    var key = context.Value;
                    return map => map is null || !map.ContainsKey(key);
                }

            default:
                throw context.InvalidOperator();
        }
    }
}
