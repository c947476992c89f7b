using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// One match: a selector path (identifiers and index keys, e.g. <c>Meta["a.b"]</c> is ["Meta", "a.b"]), an operator and
/// the raw value text (null for <c>is empty</c>/<c>is not empty</c>). The value is kept raw: it is coerced to the
/// selected field's type when the expression is compiled against a schema, like bexpr.
/// </summary>
public sealed record FilterMatchNode(IReadOnlyList<string> Selector, FilterMatchOperator Operator, string? Value) : FilterNode
{
    /// <summary>The selector as bexpr prints it: parts joined with '.'.</summary>
    public string SelectorText => string.Join('.', Selector);

    public override string ToString() => Value is null
        ? SelectorText + " " + Operator.GoName()
        : SelectorText + " " + Operator.GoName() + " " + GoStrconv.Quote(Value);
}
