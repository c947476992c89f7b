namespace ConsulSharp.Hcl;

public sealed class HclFloat : HclNode
{
    public HclFloat(double value, int line = 0, int column = 0)
        : base(line, column)
    {
        Value = value;
    }

    public double Value { get; }

    public override string GoTypeName => "float64";

    public override object? ToPlainValue() => Value;
}
