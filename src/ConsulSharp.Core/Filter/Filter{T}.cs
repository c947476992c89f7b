using System.Runtime.CompilerServices;

namespace ConsulSharp.Core.Filter;

/// <summary>
/// A compiled <c>?filter=</c> expression over <typeparamref name="T"/>: a tree of delegates built once from the parsed
/// expression and the schema, then evaluated per item without reflection or allocation. Immutable and thread-safe.
/// Consul runs the filter over each element of a list result, or over the values of a map result (see
/// <see cref="Apply{TKey}"/>).
/// </summary>
public sealed class Filter<T>
{
    private static readonly Func<T, bool> MatchAll = _ => true;

    private readonly Func<T, bool> _predicate;

    private Filter(string expression, FilterNode? syntax, Func<T, bool> predicate)
    {
        Expression = expression;
        Syntax = syntax;
        _predicate = predicate;
    }

    /// <summary>The expression text as given.</summary>
    public string Expression { get; }

    /// <summary>The parsed expression; null for the empty (pass-through) filter.</summary>
    public FilterNode? Syntax { get; }

    /// <summary>True for the empty expression, which keeps everything (Consul's nil filter).</summary>
    public bool IsPassThrough => Syntax is null;

    internal static Filter<T> Compile(string expression, FilterSchema<T> schema)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(schema);
        if (expression.Length == 0)
        {
            return new Filter<T>(expression, null, MatchAll);
        }

        var syntax = BexprParser.Parse(expression);
        return new Filter<T>(expression, syntax, Build(expression, syntax, schema));
    }

    public bool Matches(T item) => _predicate(item);

    /// <summary>The items that match, in order (a new list; the input is not changed).</summary>
    public List<T> Apply(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = items is IReadOnlyCollection<T> collection ? new List<T>(collection.Count) : [];
        foreach (var item in items)
        {
            if (_predicate(item))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>The entries whose values match (Consul filters map-shaped results by value).</summary>
    public Dictionary<TKey, T> Apply<TKey>(IEnumerable<KeyValuePair<TKey, T>> entries)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(entries);
        var result = new Dictionary<TKey, T>();
        foreach (var (key, value) in entries)
        {
            if (_predicate(value))
            {
                result.Add(key, value);
            }
        }

        return result;
    }

    // Left before right, so the first invalid match reported is the leftmost one, as in bexpr's validation. Chains of
    // the same connective are flattened so evaluation depth does not grow with the number of terms.
    private static Func<T, bool> Build(string expression, FilterNode node, FilterSchema<T> schema)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new FilterException(expression, "expression is nested too deeply");
        }

        switch (node)
        {
            case FilterAndNode:
                {
                    var terms = Flatten(expression, node, schema, isAnd: true);
                    return item =>
                    {
                        foreach (var term in terms)
                        {
                            if (!term(item))
                            {
                                return false;
                            }
                        }

                        return true;
                    };
                }

            case FilterOrNode:
                {
                    var terms = Flatten(expression, node, schema, isAnd: false);
                    return item =>
                    {
                        foreach (var term in terms)
                        {
                            if (term(item))
                            {
                                return true;
                            }
                        }

                        return false;
                    };
                }

            case FilterNotNode not:
                {
                    var operand = Build(expression, not.Operand, schema);
                    return item => !operand(item);
                }

            case FilterMatchNode match:
                return schema.Compile(new MatchContext(expression, match), 0);
            default:
                throw new InvalidOperationException("unknown filter node " + node.GetType().Name);
        }
    }

    private static Func<T, bool>[] Flatten(string expression, FilterNode node, FilterSchema<T> schema, bool isAnd)
    {
        var terms = new List<Func<T, bool>>();
        var current = node;
        while (true)
        {
            var (left, right) = current switch
            {
                FilterAndNode a when isAnd => (a.Left, a.Right),
                FilterOrNode o when !isAnd => (o.Left, o.Right),
                _ => ((FilterNode?)null, (FilterNode?)null),
            };
            if (left is null || right is null)
            {
                terms.Add(Build(expression, current, schema));
                return [.. terms];
            }

            terms.Add(Build(expression, left, schema));
            current = right;
        }
    }
}
