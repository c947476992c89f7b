using System.Collections.Frozen;

namespace ConsulSharp.Http.Routing;

/// <summary>
/// Every HTTP route of the agent in one table, with Consul's matching rules: a pattern ending in <c>/</c> serves its
/// whole subtree, others match exactly, the longest pattern wins. Methods are declared per route so 405 answers carry
/// Consul's <c>Allow</c> header.
/// </summary>
public sealed class RouteTable
{
    private readonly Dictionary<string, Route> _routes = new(StringComparer.Ordinal);
    private FrozenDictionary<string, Route>? _exact;
    private Route[]? _prefixes;

    public void Add(string pattern, string method, RequestHandler handler)
    {
        if (_exact is not null)
        {
            throw new InvalidOperationException("The route table is frozen once serving starts.");
        }

        if (!_routes.TryGetValue(pattern, out var route))
        {
            route = new Route(pattern);
            _routes.Add(pattern, route);
        }

        route.Handlers.Add(method, handler);
    }

    public void Get(string pattern, RequestHandler handler) => Add(pattern, "GET", handler);

    public void Put(string pattern, RequestHandler handler) => Add(pattern, "PUT", handler);

    public void Post(string pattern, RequestHandler handler) => Add(pattern, "POST", handler);

    public void Delete(string pattern, RequestHandler handler) => Add(pattern, "DELETE", handler);

    public IEnumerable<Route> Routes => _routes.Values;

    /// <summary>Finds the route for <paramref name="path"/> and the rest of the path after a subtree pattern.</summary>
    public Route? Match(string path, out string suffix)
    {
        _exact ??= _routes.Values.Where(r => !r.IsSubtree).ToFrozenDictionary(r => r.Pattern, StringComparer.Ordinal);
        _prefixes ??= _routes.Values.Where(r => r.IsSubtree).OrderByDescending(r => r.Pattern.Length).ToArray();

        suffix = "";
        if (_exact.TryGetValue(path, out var exact))
        {
            return exact;
        }

        foreach (var r in _prefixes)
        {
            if (path.StartsWith(r.Pattern, StringComparison.Ordinal))
            {
                suffix = path[r.Pattern.Length..];
                return r;
            }
        }

        return null;
    }

    public sealed class Route(string pattern)
    {
        public string Pattern { get; } = pattern;

        public bool IsSubtree => Pattern.EndsWith('/');

        public Dictionary<string, RequestHandler> Handlers { get; } = new(StringComparer.Ordinal);

        /// <summary>Consul's <c>Allow</c> value: OPTIONS first, then the methods, comma-joined without spaces.</summary>
        public string AllowHeader => "OPTIONS," + string.Join(',', Handlers.Keys);
    }
}
