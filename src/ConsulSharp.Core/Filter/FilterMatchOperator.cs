namespace ConsulSharp.Core.Filter;

/// <summary>
/// The match operators of go-bexpr. <c>contains</c> parses to <see cref="In"/> and <c>not contains</c> to
/// <see cref="NotIn"/>, exactly as in bexpr. The names (see <see cref="FilterMatchOperatorExtensions.GoName"/>) appear
/// in error messages.
/// </summary>
public enum FilterMatchOperator
{
    Equal,
    NotEqual,
    In,
    NotIn,
    IsEmpty,
    IsNotEmpty,
    Matches,
    NotMatches,
}
