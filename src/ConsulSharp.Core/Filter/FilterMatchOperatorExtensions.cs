namespace ConsulSharp.Core.Filter;

public static class FilterMatchOperatorExtensions
{
    /// <summary>The operator's name as bexpr prints it in errors ("Equal", "Not In", "Is Empty", ...).</summary>
    public static string GoName(this FilterMatchOperator op) => op switch
    {
        FilterMatchOperator.Equal => "Equal",
        FilterMatchOperator.NotEqual => "Not Equal",
        FilterMatchOperator.In => "In",
        FilterMatchOperator.NotIn => "Not In",
        FilterMatchOperator.IsEmpty => "Is Empty",
        FilterMatchOperator.IsNotEmpty => "Is Not Empty",
        FilterMatchOperator.Matches => "Matches",
        FilterMatchOperator.NotMatches => "Not Matches",
        _ => "UNKNOWN",
    };

    /// <summary>The result when the selector walks through a map key that is absent (bexpr's rule).</summary>
    internal static bool MissingKeyResult(this FilterMatchOperator op) =>
        op is not (FilterMatchOperator.Equal or FilterMatchOperator.IsNotEmpty or FilterMatchOperator.In);
}
