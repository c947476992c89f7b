using System.Runtime.CompilerServices;
using System.Text.Json;
using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;

namespace ConsulSharp.Server.PreparedQueries;

/// <summary>
/// Maps prepared queries to and from state rows and resolves an ID or name to a query (Consul
/// <c>PreparedQueryResolve</c>). Decoded definitions and compiled templates are cached per immutable row object.
/// </summary>
public static partial class PreparedQueryRows
{
    public const string MissingQueryId = "Missing Query ID";

    private static readonly ConditionalWeakTable<PreparedQuery, QueryDefinition> Decoded = new();
    private static readonly ConditionalWeakTable<PreparedQuery, CompiledTemplate> Compiled = new();

    public static PreparedQuery ToRow(QueryDefinition q) => new()
    {
        Id = q.Id,
        Name = q.Name,
        Session = q.Session,
        Token = q.Token,
        Definition = JsonSerializer.SerializeToUtf8Bytes(q, FsmJsonContext.Default.QueryDefinition),
    };

    public static QueryDefinition FromRow(PreparedQuery row) => Decoded.GetValue(row, static r =>
    {
        var q = r.Definition.Length == 0 ? new QueryDefinition() : JsonSerializer.Deserialize(r.Definition, FsmJsonContext.Default.QueryDefinition) ?? new QueryDefinition();
        return q with { Id = r.Id, Name = r.Name, Session = r.Session, Token = r.Token, CreateIndex = r.CreateIndex, ModifyIndex = r.ModifyIndex };
    });

    /// <summary>The compiled template of a template row (compiled once per row version).</summary>
    public static CompiledTemplate Template(PreparedQuery row) => Compiled.GetValue(row, static r => CompiledTemplate.Compile(FromRow(r)));

    /// <summary>Consul's <c>isUUID</c>: 8-4-4-4-12 hex digits.</summary>
    public static bool IsUuid(string s) => s.Length == 36 && UuidPattern().IsMatch(s);

    /// <summary>
    /// By ID (UUIDs only; templates refuse), then exact name, then the longest template name prefix; a template found
    /// by name is rendered for <paramref name="idOrName"/>. Null when nothing matches.
    /// </summary>
    public static QueryDefinition? Resolve(StateSnapshot snapshot, string idOrName, string agentSegment, WatchSet? ws = null)
    {
        if (idOrName.Length == 0)
        {
            throw new PreparedQueryException(MissingQueryId);
        }

        var all = snapshot.PreparedQueries(ws).Value;
        if (IsUuid(idOrName))
        {
            foreach (var row in all)
            {
                if (string.Equals(row.Id, idOrName, StringComparison.OrdinalIgnoreCase))
                {
                    var q = FromRow(row);
                    return q.IsTemplate ? throw new PreparedQueryException("prepared query templates can only be resolved up by name, not by ID") : q;
                }
            }
        }

        PreparedQuery? best = null;
        foreach (var row in all)
        {
            if (row.Name.Length > 0 && string.Equals(row.Name, idOrName, StringComparison.OrdinalIgnoreCase))
            {
                return Prepare(row, idOrName, agentSegment);
            }

            if (FromRow(row).IsTemplate && idOrName.StartsWith(row.Name, StringComparison.OrdinalIgnoreCase)
                && (best is null || row.Name.Length > best.Name.Length))
            {
                best = row;
            }
        }

        return best is null ? null : Prepare(best, idOrName, agentSegment);
    }

    /// <summary>
    /// The integrity checks of Consul's <c>preparedQuerySetTxn</c>, in its order, against the state the write applies
    /// to: unique name, one empty-name template, no name that is another query's ID, an existing session, a template
    /// that compiles. Throws <see cref="PreparedQueryException"/> with Consul's texts.
    /// </summary>
    public static void CheckWrite(StateSnapshot snapshot, PreparedQuery row)
    {
        if (row.Id.Length == 0)
        {
            throw new PreparedQueryException(MissingQueryId);
        }

        var query = FromRow(row);
        var all = snapshot.PreparedQueries().Value;
        foreach (var other in all)
        {
            if (string.Equals(other.Id, row.Id, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (row.Name.Length > 0 && string.Equals(other.Name, row.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new PreparedQueryException($"name '{row.Name}' aliases an existing query name");
            }

            if (row.Name.Length == 0 && query.IsTemplate && other.Name.Length == 0 && FromRow(other).IsTemplate)
            {
                throw new PreparedQueryException("a query template with an empty name already exists");
            }
        }

        if (IsUuid(row.Name) && all.Any(o => string.Equals(o.Id, row.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new PreparedQueryException($"name '{row.Name}' aliases an existing query ID");
        }

        if (row.Session.Length > 0 && snapshot.GetSession(row.Session).Value is null)
        {
            throw new PreparedQueryException($"invalid session \"{row.Session}\"");
        }

        if (query.IsTemplate)
        {
            try
            {
                CompiledTemplate.Compile(query);
            }
            catch (PreparedQueryException ex)
            {
                throw new PreparedQueryException("failed compiling template: " + ex.Message, ex);
            }
        }
    }

    private static QueryDefinition Prepare(PreparedQuery row, string name, string agentSegment)
    {
        var q = FromRow(row);
        return q.IsTemplate ? Template(row).Render(name, agentSegment) : q;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial System.Text.RegularExpressions.Regex UuidPattern();
}
