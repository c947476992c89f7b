namespace ConsulSharp.Hcl;

public sealed class HclList : HclNode
{
    public HclList(IReadOnlyList<HclNode> items, int line = 0, int column = 0)
        : base(line, column)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
    }

    public IReadOnlyList<HclNode> Items { get; }

    public override string GoTypeName => "[]interface {}";

    public override object? ToPlainValue() => Items.Select(i => i.ToPlainValue()).ToList();
}
