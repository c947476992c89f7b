namespace ConsulSharp.Core.Filter;

public sealed record FilterNotNode(FilterNode Operand) : FilterNode
{
    public override string ToString() => "(not " + Operand + ")";
}
