namespace ConsulSharp.Hcl;

/// <summary>
/// One value of a parsed HCL1 or JSON document: an object, a list or a scalar. HCL1 documents are decoded the way
/// HCL1's <c>Decode</c> into a generic map does (every block becomes a one-element list, repeated blocks append), so a
/// consumer reads HCL and JSON trees with the same code.
/// </summary>
public abstract class HclNode
{
    private protected HclNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the value's first character; 0 when the node was built in code.</summary>
    public int Line { get; }

    /// <summary>1-based column (in characters) of the value's first character; 0 when built in code.</summary>
    public int Column { get; }

    /// <summary>The Go type name Consul's decoder would report for this value (<c>string</c>, <c>int</c>, <c>[]interface {}</c>...).</summary>
    public abstract string GoTypeName { get; }

    /// <summary>Compact JSON text of the tree (object keys in document order): the shape Consul's decoder sees.</summary>
    public string ToJson() => HclJsonWriter.Write(this);

    /// <summary>The tree as plain .NET values: <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c>, string, long, double, bool or null.</summary>
    public abstract object? ToPlainValue();
}
