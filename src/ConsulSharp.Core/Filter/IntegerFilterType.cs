using System.Numerics;
using ConsulSharp.Core.Text;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// Signed integers: ==, != with the literal parsed by strconv.ParseInt(s, 0, bits), where <c>bits</c> is the Go field's
/// size (independent of the .NET type holding the value: Go <c>int</c> is 64 bits even when the DTO uses <c>int</c>).
/// </summary>
internal sealed class IntegerFilterType<TInt>(int bits) : PrimitiveFilterType<TInt>
    where TInt : IBinaryInteger<TInt>
{
    internal override Func<TInt, bool> CompileEquality(MatchContext context)
    {
        if (!GoStrconv.TryParseInt(context.Value, bits, out var literal, out var error))
        {
            throw context.CoerceFailed(error);
        }

        return v => long.CreateTruncating(v) == literal;
    }
}
