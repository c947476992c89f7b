namespace ConsulSharp.Core.Filter;

/// <summary>
/// Collects the fields of a <see cref="FilterSchema{T}"/>. Names are the selector names users write (Consul uses the
/// JSON field names) and are case-sensitive. Accessors are plain delegates: no reflection happens when filtering.
/// A field may be declared under several names (bexpr's <c>bexpr:"a,b"</c> tag) by calling the method once per name.
/// </summary>
public sealed class FilterSchemaBuilder<T>
{
    private readonly Dictionary<string, FilterField<T>> _fields = new(StringComparer.Ordinal);

    internal FilterSchemaBuilder()
    {
    }

    /// <summary>Any field, given its filter type (see <see cref="FilterType"/>).</summary>
    public FilterSchemaBuilder<T> Field<TValue>(string name, Func<T, TValue> accessor, FilterType<TValue> type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(accessor);
        ArgumentNullException.ThrowIfNull(type);
        if (!_fields.TryAdd(name, new FilterField<T, TValue>(name, accessor, type)))
        {
            throw new ArgumentException("filter field '" + name + "' is declared twice", nameof(name));
        }

        return this;
    }

    public FilterSchemaBuilder<T> String(string name, Func<T, string?> accessor) => Field(name, accessor, FilterType.String);

    public FilterSchemaBuilder<T> Bool(string name, Func<T, bool> accessor) => Field(name, accessor, FilterType.Bool);

    /// <summary>A signed integer; <paramref name="bits"/> is the Go field's size (Go <c>int</c> is 64).</summary>
    public FilterSchemaBuilder<T> Int(string name, Func<T, long> accessor, int bits = 64) => Field(name, accessor, FilterType.Int(bits));

    /// <summary>A signed integer read from an <see cref="int"/> property; <paramref name="bits"/> is the Go field's size.</summary>
    public FilterSchemaBuilder<T> Int(string name, Func<T, int> accessor, int bits = 64) => Field(name, accessor, FilterType.Integer<int>(bits));

    public FilterSchemaBuilder<T> UInt(string name, Func<T, ulong> accessor, int bits = 64) => Field(name, accessor, FilterType.UInt(bits));

    /// <summary>A Go float64.</summary>
    public FilterSchemaBuilder<T> Float(string name, Func<T, double> accessor) => Field(name, accessor, FilterType.Float64);

    /// <summary>A Go float32 (literals are parsed with 32 bits and compared as <see cref="float"/>).</summary>
    public FilterSchemaBuilder<T> Float(string name, Func<T, float> accessor) => Field(name, accessor, FilterType.Float32);

    /// <summary>A list of strings (Go <c>[]string</c>): <c>"v1" in Tags</c>, <c>Tags is empty</c>.</summary>
    public FilterSchemaBuilder<T> StringList(string name, Func<T, IReadOnlyList<string>?> accessor) =>
        Field(name, accessor, FilterType.List<string>(FilterType.String!));

    /// <summary>A string map (Go <c>map[string]string</c>): <c>Meta.version == 2</c>, <c>"env" in Meta</c>.</summary>
    public FilterSchemaBuilder<T> StringMap(string name, Func<T, IReadOnlyDictionary<string, string>?> accessor) =>
        Field(name, accessor, FilterType.Map<string>(FilterType.String!));

    /// <summary>A nested object: <c>Service.Port == 80</c>. A null object reads as one whose fields are all zero values.</summary>
    public FilterSchemaBuilder<T> Object<TChild>(string name, Func<T, TChild?> accessor, FilterSchema<TChild> schema) =>
        Field<TChild?>(name, accessor, schema!);

    /// <summary>A list of objects: <c>Checks.Status == passing</c> is true if any element matches; <c>Checks is empty</c>.</summary>
    public FilterSchemaBuilder<T> ObjectList<TChild>(string name, Func<T, IReadOnlyList<TChild>?> accessor, FilterSchema<TChild> schema) =>
        Field(name, accessor, FilterType.List<TChild>(schema));

    /// <summary>A map of objects: <c>TaggedAddresses.lan.Port == 80</c>.</summary>
    public FilterSchemaBuilder<T> ObjectMap<TChild>(string name, Func<T, IReadOnlyDictionary<string, TChild>?> accessor, FilterSchema<TChild> schema) =>
        Field(name, accessor, FilterType.Map<TChild>(schema));

    internal FilterSchema<T> Build() => new(new Dictionary<string, FilterField<T>>(_fields, StringComparer.Ordinal));
}
