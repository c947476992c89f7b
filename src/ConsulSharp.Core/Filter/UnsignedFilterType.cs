using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Unsigned integers of a Go bit size: ==, != with the literal parsed by strconv.ParseUint(s, 0, bits).</summary>
internal sealed class UnsignedFilterType(int bits) : PrimitiveFilterType<ulong>
{
    internal override Func<ulong, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseUint(context.Value, bits, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        return v => v == literal;
    }
}
