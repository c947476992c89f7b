using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>Booleans: ==, != with the literal parsed by Go's strconv.ParseBool ("true", "1", "T", ...).</summary>
internal sealed class BoolFilterType : PrimitiveFilterType<bool>
{
    public static readonly BoolFilterType Instance = new();

    internal override Func<bool, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseBool(context.Value, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        return v => v == literal;
    }
}
