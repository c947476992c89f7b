using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Floats (64 or 32 bits): ==, != with the literal parsed by strconv.ParseFloat; 32-bit compares as float.</summary>
internal sealed class FloatFilterType(int bits) : PrimitiveFilterType<double>
{
    internal override Func<double, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseFloat(context.Value, bits, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        if (bits == 32)
        {
            var single = (float)literal;
            return v => (float)v == single;
        }

        return v => v == literal;
    }
}
