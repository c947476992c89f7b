namespace ConsulSharp.Core.Filter;

/// <summary>Strings: ==, != (ordinal), in/contains (ordinal substring), matches (RE2-style regular expression).</summary>
internal sealed class StringFilterType : PrimitiveFilterType<string?>
{
    public static readonly StringFilterType Instance = new();

    internal override Func<string?, bool> CompileEquality(MatchContext context)
    {
        var literal = context.Value;
        return v => string.Equals(v ?? string.Empty, literal, StringComparison.Ordinal);
    }

    protected override bool Supports(FilterMatchOperator op) => op is not (FilterMatchOperator.IsEmpty or FilterMatchOperator.IsNotEmpty);

    protected override Func<string?, bool> CompileOther(MatchContext context)
    {
        var literal = context.Value;
        switch (context.Operator)
        {
            case FilterMatchOperator.In:
                return v => (v ?? string.Empty).Contains(literal, StringComparison.Ordinal);
            case FilterMatchOperator.NotIn:
                return v => !(v ?? string.Empty).Contains(literal, StringComparison.Ordinal);
            case FilterMatchOperator.Matches:
            case FilterMatchOperator.NotMatches:
                {
                    if (!GoRegex.TryCompile(literal, out var regex, out var error))
                    {
                        throw context.RegexFailed(error);
                    }

                    return context.Operator == FilterMatchOperator.Matches
                        ? v => regex.IsMatch(v ?? string.Empty)
                        : v => !regex.IsMatch(v ?? string.Empty);
                }

            default:
                throw context.InvalidOperator();
        }
    }
}
