using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Go float64 fields: ==, != with the literal parsed by strconv.ParseFloat(s, 64).</summary>
internal sealed class FloatFilterType : PrimitiveFilterType<double>
{
    public static readonly FloatFilterType Instance = new();

    internal override Func<double, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseFloat(context.Value, 64, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        return v => v == literal;
    }
}
