using System.Text.RegularExpressions;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>
/// A prepared query template ready to render (Consul <c>prepared_query.CompiledTemplate</c>): every string of the
/// Service part parsed as HIL, the optional Regexp compiled, and a test render with the template's own name done at
/// compile time so errors surface when the query is written, not when it is executed.
/// </summary>
public sealed class CompiledTemplate
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly QueryDefinition _query;
    private readonly Regex? _regex;
    private readonly Dictionary<string, HilString> _trees = new(StringComparer.Ordinal);

    private CompiledTemplate(QueryDefinition query, Regex? regex)
    {
        _query = query;
        _regex = regex;
    }

    /// <summary>Compiles <paramref name="query"/>; throws <see cref="PreparedQueryException"/> with Consul's texts.</summary>
    public static CompiledTemplate Compile(QueryDefinition query)
    {
        if (query.Template.Type != QueryTemplateOptions.NamePrefixMatch)
        {
            throw new PreparedQueryException($"Bad Template.Type '{query.Template.Type}'");
        }

        Regex? regex = null;
        var ct = new CompiledTemplate(query, null);
        ServiceQueryWalker.Walk(query.Service, (path, value) =>
        {
            try
            {
                ct._trees[path] = HilString.Parse(value);
            }
            catch (PreparedQueryException ex)
            {
                throw new PreparedQueryException($"Bad format '{value}' in Service{path}: {ex.Message}", ex);
            }

            return value;
        });

        if (query.Template.Regexp.Length > 0)
        {
            try
            {
                regex = new Regex(query.Template.Regexp, RegexOptions.CultureInvariant, MatchTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new PreparedQueryException("Bad Regexp: " + GoRegexError(query.Template.Regexp, ex), ex);
            }
        }

        var compiled = new CompiledTemplate(query, regex);
        foreach (var (k, v) in ct._trees)
        {
            compiled._trees[k] = v;
        }

        compiled.Render(query.Name, "");
        return compiled;
    }

    /// <summary>Renders the template for the looked-up <paramref name="name"/> (e.g. "geo-db-customer-primary").</summary>
    public QueryDefinition Render(string name, string agentSegment)
    {
        IReadOnlyList<string> matches = [];
        if (_regex is not null)
        {
            try
            {
                var m = _regex.Match(name);
                if (m.Success)
                {
                    var list = new string[m.Groups.Count];
                    for (var i = 0; i < list.Length; i++)
                    {
                        list[i] = m.Groups[i].Success ? m.Groups[i].Value : "";
                    }

                    matches = list;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological pattern: render as if nothing matched, as match() does out of range.
            }
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name.full"] = name,
            ["name.prefix"] = _query.Name,
            ["name.suffix"] = name.StartsWith(_query.Name, StringComparison.Ordinal) ? name[_query.Name.Length..] : name,
            ["agent.segment"] = agentSegment,
        };

        var service = ServiceQueryWalker.Walk(_query.Service, (path, value) =>
        {
            if (!_trees.TryGetValue(path, out var tree))
            {
                return value;
            }

            try
            {
                return tree.Evaluate(variables, matches);
            }
            catch (PreparedQueryException ex)
            {
                throw new PreparedQueryException($"Bad evaluation for '{value}' in Service{path}: {ex.Message}", ex);
            }
        });

        if (_query.Template.RemoveEmptyTags && service.Tags is { } tags)
        {
            var kept = tags.Where(t => t.Length > 0).ToList();
            service = service with { Tags = kept.Count == 0 ? null : kept };
        }

        return _query with { Service = service };
    }

    /// <summary>Go's regexp error shape for the mistakes people make (<c>error parsing regexp: missing closing ): `(`</c>).</summary>
    private static string GoRegexError(string pattern, ArgumentException ex)
    {
        var code = ex is RegexParseException rpe ? rpe.Error : RegexParseError.Unknown;
        var what = code switch
        {
            RegexParseError.InsufficientClosingParentheses => "missing closing )",
            RegexParseError.InsufficientOpeningParentheses => "unexpected )",
            RegexParseError.UnterminatedBracket => "missing closing ]",
            RegexParseError.QuantifierAfterNothing => "missing argument to repetition operator",
            RegexParseError.NestedQuantifiersNotParenthesized => "invalid nested repetition operator",
            RegexParseError.ReversedCharacterRange => "invalid character class range",
            RegexParseError.UnescapedEndingBackslash => "trailing backslash at end of expression",
            _ => "invalid expression",
        };
        return $"error parsing regexp: {what}: `{pattern}`";
    }
}
