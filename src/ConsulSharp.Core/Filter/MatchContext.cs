using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// One match expression being compiled against a schema, with bexpr's validation messages. Compilation walks the
/// selector part by part (<c>depth</c> is the index of the part a type is asked to resolve; <c>depth == Length</c> means
/// the type itself is the operand).
/// </summary>
internal sealed class MatchContext(string expression, FilterMatchNode node)
{
    public IReadOnlyList<string> Selector => node.Selector;

    public int Length => node.Selector.Count;

    public FilterMatchOperator Operator => node.Operator;

    /// <summary>The raw value text; never null for operators that take a value.</summary>
    public string Value => node.Value ?? string.Empty;

    public FilterException InvalidSelector(int depth) =>
        new(expression, "Selector " + GoStrconv.Quote(string.Join('.', node.Selector.Take(depth + 1))) + " is not valid");

    public FilterException InvalidOperator() =>
        new(expression, "Invalid match operator " + GoStrconv.Quote(node.Operator.GoName()) + " for selector " + GoStrconv.Quote(node.SelectorText));

    public FilterException CoerceFailed(string error) =>
        new(expression, "Failed to coerce value " + GoStrconv.Quote(Value) + " for selector " + GoStrconv.Quote(node.SelectorText) + ": " + error);

    public FilterException RegexFailed(string error) =>
        new(expression, "Failed to compile regular expression " + GoStrconv.Quote(Value) + ": " + error);
}
