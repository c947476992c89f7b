namespace ConsulSharp.Core.Filter;

/// <summary>
/// Lists. As the operand: <c>is empty</c>/<c>is not empty</c>, and for lists of primitives <c>in</c>/<c>not in</c>
/// (membership, literal coerced to the element type). Selectors that continue past the list apply to each element and
/// the match is true when ANY element matches (bexpr's rule: <c>Checks.Status != passing</c> is true if some check is
/// not passing; an empty list matches nothing, whatever the operator).
/// </summary>
internal sealed class ListFilterType<TElement>(FilterType<TElement> element) : FilterType<IReadOnlyList<TElement>?>
{
    internal override bool IsPrimitive => false;

    internal override Func<IReadOnlyList<TElement>?, bool> Compile(MatchContext context, int depth)
    {
        if (depth < context.Length)
        {
            var inner = element.Compile(context, depth);
            return list =>
            {
                if (list is null)
                {
                    return false;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    if (inner(list[i]))
                    {
                        return true;
                    }
                }

                return false;
            };
        }

        switch (context.Operator)
        {
            case FilterMatchOperator.IsEmpty:
                return list => list is null || list.Count == 0;
            case FilterMatchOperator.IsNotEmpty:
                return list => list is not null && list.Count > 0;
            case FilterMatchOperator.In or FilterMatchOperator.NotIn when element.IsPrimitive:
                {
                    var equal = element.CompileEquality(context);
                    var negate = context.Operator == FilterMatchOperator.NotIn;
                    return list =>
                    {
                        var found = false;
                        if (list is not null)
                        {
                            for (var i = 0; i < list.Count; i++)
                            {
                                if (equal(list[i]))
                                {
                                    found = true;
                                    break;
                                }
                            }
                        }

                        return found != negate;
                    };
                }

            default:
                throw context.InvalidOperator();
        }
    }
}
