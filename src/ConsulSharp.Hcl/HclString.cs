namespace ConsulSharp.Hcl;

public sealed class HclString : HclNode
{
    public HclString(string value, int line = 0, int column = 0)
        : base(line, column)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Value { get; }

    public override string GoTypeName => "string";

    public override object? ToPlainValue() => Value;
}
