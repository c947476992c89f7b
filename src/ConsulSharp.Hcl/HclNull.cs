namespace ConsulSharp.Hcl;

/// <summary>JSON <c>null</c> (HCL1 has no null literal).</summary>
public sealed class HclNull : HclNode
{
    public HclNull(int line = 0, int column = 0)
        : base(line, column)
    {
    }

    public override string GoTypeName => "<nil>";

    public override object? ToPlainValue() => null;
}
