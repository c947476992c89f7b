namespace ConsulSharp.Core.Filter;

public sealed record FilterAndNode(FilterNode Left, FilterNode Right) : FilterNode
{
    public override string ToString() => "(" + Left + " and " + Right + ")";
}
