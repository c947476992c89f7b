using System.Numerics;
using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Unsigned integers: ==, != with the literal parsed by strconv.ParseUint(s, 0, bits) (Go field size).</summary>
internal sealed class UnsignedFilterType<TUInt>(int bits) : PrimitiveFilterType<TUInt>
    where TUInt : IBinaryInteger<TUInt>
{
    internal override Func<TUInt, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseUint(context.Value, bits, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        return v => ulong.CreateTruncating(v) == literal;
    }
}
