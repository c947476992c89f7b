namespace ConsulSharp.Core.Filter;

/// <summary>Entry point for declaring filter schemas; see <see cref="FilterSchema{T}"/>.</summary>
public static class FilterSchema
{
    public static FilterSchema<T> Create<T>(Action<FilterSchemaBuilder<T>> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var builder = new FilterSchemaBuilder<T>();
        build(builder);
        return builder.Build();
    }
}
