namespace ConsulSharp.Core.Filter;

/// <summary>
/// The building blocks for schema fields, mirroring the Go kinds bexpr distinguishes. Integers take the Go bit size
/// used to coerce the literal (Go <c>int</c> is 64): a literal that does not fit is a coercion error, as in Consul.
/// </summary>
public static class FilterType
{
    public static FilterType<string?> String { get; } = StringFilterType.Instance;

    public static FilterType<bool> Bool { get; } = BoolFilterType.Instance;

    /// <summary>Go int/int64.</summary>
    public static FilterType<long> Int64 { get; } = new IntegerFilterType(64);

    /// <summary>Go uint/uint64.</summary>
    public static FilterType<ulong> UInt64 { get; } = new UnsignedFilterType(64);

    public static FilterType<double> Float64 { get; } = new FloatFilterType(64);

    public static FilterType<double> Float32 { get; } = new FloatFilterType(32);

    /// <summary>Signed integer with the Go bit size 8, 16, 32 or 64.</summary>
    public static FilterType<long> Int(int bits) => bits switch
    {
        64 => Int64,
        8 or 16 or 32 => new IntegerFilterType(bits),
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "bit size must be 8, 16, 32 or 64"),
    };

    /// <summary>Unsigned integer with the Go bit size 8, 16, 32 or 64.</summary>
    public static FilterType<ulong> UInt(int bits) => bits switch
    {
        64 => UInt64,
        8 or 16 or 32 => new UnsignedFilterType(bits),
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "bit size must be 8, 16, 32 or 64"),
    };

    /// <summary>A list (Go slice) of <paramref name="element"/>.</summary>
    public static FilterType<IReadOnlyList<TElement>?> List<TElement>(FilterType<TElement> element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new ListFilterType<TElement>(element);
    }

    /// <summary>A map with string keys and <paramref name="value"/> values.</summary>
    public static FilterType<IReadOnlyDictionary<string, TValue>?> Map<TValue>(FilterType<TValue> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new MapFilterType<TValue>(value);
    }
}
