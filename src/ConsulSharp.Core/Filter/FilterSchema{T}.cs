using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// Declares the selectable fields of <typeparamref name="T"/> for <c>?filter=</c> expressions (what bexpr derives
/// from a Go struct by reflection). A schema is immutable and thread-safe; build it once (a <c>static readonly</c>
/// field) and compile each request's expression with <see cref="Compile(string)"/>, which keeps a small cache of
/// compiled filters (at most 256 expressions, then it starts over).
/// <code>
/// static readonly FilterSchema&lt;HealthCheck&gt; CheckSchema = FilterSchema.Create&lt;HealthCheck&gt;(s =&gt; s
///     .String("Node", c =&gt; c.Node)
///     .String("Status", c =&gt; c.Status)
///     .StringList("ServiceTags", c =&gt; c.ServiceTags));
/// static readonly FilterSchema&lt;ServiceEntry&gt; EntrySchema = FilterSchema.Create&lt;ServiceEntry&gt;(s =&gt; s
///     .Object("Node", e =&gt; e.Node, NodeSchema)
///     .ObjectList("Checks", e =&gt; e.Checks, CheckSchema));
/// var filter = EntrySchema.Compile("Checks.Status == passing and \"v1\" in Service.Tags"); // throws FilterException
/// var kept = filter.Apply(entries);
/// </code>
/// </summary>
public sealed class FilterSchema<T> : FilterType<T>
{
    /// <summary>Compiled filters are immutable, so repeated expressions (a UI polling with one filter) are reused.</summary>
    private const int CacheLimit = 256;

    private readonly Dictionary<string, FilterField<T>> _fields;
    private readonly ConcurrentDictionary<string, Filter<T>> _cache = new(StringComparer.Ordinal);

    internal FilterSchema(Dictionary<string, FilterField<T>> fields)
    {
        _fields = fields;
    }

    /// <summary>The declared selector names at this level, in no particular order.</summary>
    public IReadOnlyCollection<string> FieldNames => _fields.Keys;

    internal override bool IsPrimitive => false;

    /// <summary>
    /// Parses and compiles <paramref name="expression"/>; an empty string gives the pass-through filter (as Consul's
    /// nil filter). Throws <see cref="FilterException"/> with bexpr's message for syntax errors, unknown selectors,
    /// operators the field does not support, literals that do not coerce and bad regular expressions.
    /// </summary>
    public Filter<T> Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (_cache.TryGetValue(expression, out var cached))
        {
            return cached;
        }

        var filter = Filter<T>.Compile(expression, this);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache.TryAdd(expression, filter);
        return filter;
    }

    /// <summary>Like <see cref="Compile(string)"/> but returns the error instead of throwing.</summary>
    public bool TryCompile(string expression, [NotNullWhen(true)] out Filter<T>? filter, [NotNullWhen(false)] out FilterException? error)
    {
        try
        {
            filter = Compile(expression);
            error = null;
            return true;
        }
        catch (FilterException ex)
        {
            filter = null;
            error = ex;
            return false;
        }
    }

    internal override Func<T, bool> Compile(MatchContext context, int depth)
    {
        if (depth >= context.Length)
        {
            // Objects support no operators of their own.
            throw context.InvalidOperator();
        }

        if (!_fields.TryGetValue(context.Selector[depth], out var field))
        {
            throw context.InvalidSelector(depth);
        }

        return field.Compile(context, depth);
    }
}
