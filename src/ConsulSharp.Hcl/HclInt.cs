namespace ConsulSharp.Hcl;

/// <summary>An integer literal (decimal, <c>0x</c> hex or leading-0 octal in HCL; a JSON number without fraction or exponent).</summary>
public sealed class HclInt : HclNode
{
    public HclInt(long value, int line = 0, int column = 0)
        : base(line, column)
    {
        Value = value;
    }

    public long Value { get; }

    public override string GoTypeName => "int";

    public override object? ToPlainValue() => Value;
}
