using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Go float32 fields: ==, != with the literal parsed by strconv.ParseFloat(s, 32), compared as float.</summary>
internal sealed class Float32FilterType : PrimitiveFilterType<float>
{
    public static readonly Float32FilterType Instance = new();

    internal override Func<float, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseFloat(context.Value, 32, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        var single = (float)literal;
        return v => v == single;
    }
}
