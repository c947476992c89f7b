namespace ConsulSharp.Core.Filter;

public sealed record FilterOrNode(FilterNode Left, FilterNode Right) : FilterNode
{
    public override string ToString() => "(" + Left + " or " + Right + ")";
}
