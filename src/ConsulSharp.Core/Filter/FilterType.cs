using System.Numerics;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// The building blocks for schema fields, mirroring the Go kinds bexpr distinguishes. Integers take the Go bit size
/// used to coerce the literal (Go <c>int</c> is 64): a literal that does not fit is a coercion error, as in Consul.
/// </summary>
public static class FilterType
{
    public static FilterType<string?> String { get; } = StringFilterType.Instance;

    public static FilterType<bool> Bool { get; } = BoolFilterType.Instance;

    /// <summary>Go int/int64 held in a <see cref="long"/>.</summary>
    public static FilterType<long> Int64 { get; } = new IntegerFilterType<long>(64);

    /// <summary>Go uint/uint64 held in a <see cref="ulong"/>.</summary>
    public static FilterType<ulong> UInt64 { get; } = new UnsignedFilterType<ulong>(64);

    /// <summary>Go float64.</summary>
    public static FilterType<double> Float64 { get; } = FloatFilterType.Instance;

    /// <summary>Go float32.</summary>
    public static FilterType<float> Float32 { get; } = Float32FilterType.Instance;

    /// <summary>Signed integer held in a <see cref="long"/>, with the Go bit size 8, 16, 32 or 64.</summary>
    public static FilterType<long> Int(int bits) => bits == 64 ? Int64 : Integer<long>(bits);

    /// <summary>Unsigned integer held in a <see cref="ulong"/>, with the Go bit size 8, 16, 32 or 64.</summary>
    public static FilterType<ulong> UInt(int bits) => bits == 64 ? UInt64 : Unsigned<ulong>(bits);

    /// <summary>
    /// Signed integer held in any .NET integer type (<c>int</c>, <c>short</c>, ...); <paramref name="bits"/> is the Go
    /// field's size, which decides which literals coerce (Go <c>int</c> is 64).
    /// </summary>
    public static FilterType<TInt> Integer<TInt>(int bits = 64)
        where TInt : IBinaryInteger<TInt> => new IntegerFilterType<TInt>(CheckBits(bits));

    /// <summary>Unsigned integer held in any .NET integer type; <paramref name="bits"/> is the Go field's size.</summary>
    public static FilterType<TUInt> Unsigned<TUInt>(int bits = 64)
        where TUInt : IBinaryInteger<TUInt> => new UnsignedFilterType<TUInt>(CheckBits(bits));

    private static int CheckBits(int bits) => bits is 8 or 16 or 32 or 64
        ? bits
        : throw new ArgumentOutOfRangeException(nameof(bits), bits, "bit size must be 8, 16, 32 or 64");

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
