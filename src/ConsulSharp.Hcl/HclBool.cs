namespace ConsulSharp.Hcl;

public sealed class HclBool : HclNode
{
    public HclBool(bool value, int line = 0, int column = 0)
        : base(line, column)
    {
        Value = value;
    }

    public bool Value { get; }

    public override string GoTypeName => "bool";

    public override object? ToPlainValue() => Value;
}
