using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Signed integers of a Go bit size: ==, != with the literal parsed by strconv.ParseInt(s, 0, bits).</summary>
internal sealed class IntegerFilterType(int bits) : PrimitiveFilterType<long>
{
    internal override Func<long, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseInt(context.Value, bits, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        return v => v == literal;
    }
}
