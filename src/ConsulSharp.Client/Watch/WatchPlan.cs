using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsulSharp.Client.Watch;

/// <summary>
/// A Consul watch (<c>consul watch</c>, the agent's <c>watches</c>): one view of the catalog, health, KV or events,
/// followed with blocking queries; the handler runs with the view's JSON whenever its index moves and its content
/// changed (the first result included). Types, parameters and error texts as Consul's watch package: <c>key</c>,
/// <c>keyprefix</c>, <c>services</c>, <c>nodes</c>, <c>service</c>, <c>checks</c>, <c>event</c>. Errors back off
/// 5 s × failures² up to 3 minutes.
/// </summary>
public sealed class WatchPlan
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(3);

    private static readonly Dictionary<string, string[]> TypeParameters = new(StringComparer.Ordinal)
    {
        ["key"] = ["stale", "key"],
        ["keyprefix"] = ["stale", "prefix"],
        ["services"] = ["stale"],
        ["nodes"] = ["stale"],
        ["service"] = ["stale", "service", "tag", "passingonly"],
        ["checks"] = ["stale", "service", "state", "tag"],
        ["event"] = ["name"],
    };

    /// <summary>Parameters every watch accepts besides its type's own (handler settings are the caller's).</summary>
    private static readonly string[] CommonParameters = ["type", "datacenter", "token", "args", "handler", "handler_type", "http_handler_config"];

    private WatchPlan(string type)
    {
        Type = type;
    }

    public string Type { get; }

    public string Key { get; private init; } = "";

    public string Prefix { get; private init; } = "";

    public string Service { get; private init; } = "";

    public IReadOnlyList<string> Tags { get; private init; } = [];

    public bool PassingOnly { get; private init; }

    public string State { get; private init; } = "";

    public string Name { get; private init; } = "";

    public bool Stale { get; private init; }

    /// <summary>Builds a plan from Consul's parameter map (strings, booleans, string lists).</summary>
    public static WatchPlan Parse(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var type = Str(parameters, "type");
        if (type.Length == 0)
        {
            throw new WatchPlanException("Watch type must be specified");
        }

        if (!TypeParameters.TryGetValue(type, out var accepted))
        {
            throw new WatchPlanException($"Unsupported watch type: {type}");
        }

        var plan = new WatchPlan(type)
        {
            Stale = Bool(parameters, "stale"),
            Key = Str(parameters, "key"),
            Prefix = Str(parameters, "prefix"),
            Service = Str(parameters, "service"),
            Tags = StrList(parameters, "tag"),
            PassingOnly = Bool(parameters, "passingonly"),
            State = Str(parameters, "state"),
            Name = Str(parameters, "name"),
        };
        switch (type)
        {
            case "key" when plan.Key.Length == 0:
                throw new WatchPlanException("Must specify a single key to watch");
            case "keyprefix" when plan.Prefix.Length == 0:
                throw new WatchPlanException("Must specify a single prefix to watch");
            case "service" when plan.Service.Length == 0:
                throw new WatchPlanException("Must specify a single service to watch");
            case "checks" when plan.Service.Length > 0 && plan.State.Length > 0:
                throw new WatchPlanException("Cannot specify service and state");
            case "checks" when plan.Service.Length == 0 && plan.State.Length == 0:
                plan = new WatchPlan(type) { Stale = plan.Stale, Tags = plan.Tags, State = "any" };
                break;
            default:
                break;
        }

        var unused = parameters.Keys.Where(k => !accepted.Contains(k, StringComparer.Ordinal) && !CommonParameters.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            throw new WatchPlanException($"Invalid parameters: [{string.Join(' ', unused)}]");
        }

        return plan;
    }

    /// <summary>
    /// Follows the view until <paramref name="cancellationToken"/> fires or the handler returns false. The handler gets
    /// the index and the view as compact JSON (<c>null</c> for a missing key). <paramref name="onError"/> hears each
    /// failed query and the retry delay.
    /// </summary>
    public async Task RunAsync(ConsulHttpClient client, Func<ulong, string, CancellationToken, Task<bool>> handler, Action<string, TimeSpan>? onError = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(handler);
        time ??= TimeProvider.System;
        ulong? last = null;
        string? lastResult = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            ulong index;
            string result;
            try
            {
                (index, result) = await QueryAsync(client, last ?? 0, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ConsulApiException or JsonException or HttpRequestException or IOException)
            {
                failures++;
                var retry = RetryInterval * (failures * failures);
                if (retry > MaxBackoff)
                {
                    retry = MaxBackoff;
                }

                onError?.Invoke(ex.Message, retry);
                try
                {
                    await Task.Delay(retry, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            failures = 0;
            if (last == index)
            {
                continue;
            }

            // Event list indexes are hashes of event IDs, not increasing: any different index is news (Consul's
            // plan does not reset on a lower index either).
            var previous = last;
            last = index;
            if (previous is not null && lastResult == result)
            {
                continue;
            }

            lastResult = result;
            if (!await handler(index, result, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>One blocking query at <paramref name="index"/>: the view's index and JSON.</summary>
    public async Task<(ulong Index, string Json)> QueryAsync(ConsulHttpClient client, ulong index, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var res = await client.SendRawAsync(HttpMethod.Get, PathAndQuery(index), null, cancellationToken).ConfigureAwait(false);
        var notFound = res.StatusCode == 404 && Type is "key" or "keyprefix";
        if (res.StatusCode is < 200 or >= 300 && !notFound)
        {
            throw new ConsulApiException(res.StatusCode, res.Text.TrimEnd('\n'));
        }

        if (notFound)
        {
            return (res.Index, "null");
        }

        var node = JsonNode.Parse(res.Body);
        node = Type switch
        {
            "key" => node is JsonArray { Count: > 0 } a ? KvPair(a[0]!) : null,
            "keyprefix" => node is JsonArray list ? new JsonArray([.. list.Select(e => KvPair(e!))]) : null,
            "event" => NewEvents(node as JsonArray, index),
            _ => node,
        };
        return (res.Index, node?.ToJsonString() ?? "null");
    }

    /// <summary>The request of this plan at <paramref name="index"/> (0: do not block).</summary>
    public string PathAndQuery(ulong index)
    {
        var query = new List<string>();
        string path;
        switch (Type)
        {
            case "key":
                path = "/v1/kv/" + EscapeKey(Key);
                break;
            case "keyprefix":
                path = "/v1/kv/" + EscapeKey(Prefix);
                query.Add("recurse");
                break;
            case "services":
                path = "/v1/catalog/services";
                break;
            case "nodes":
                path = "/v1/catalog/nodes";
                break;
            case "service":
                path = "/v1/health/service/" + Uri.EscapeDataString(Service);
                query.AddRange(Tags.Select(t => "tag=" + Uri.EscapeDataString(t)));
                if (PassingOnly)
                {
                    query.Add("passing");
                }

                break;
            case "checks" when State.Length > 0:
                path = "/v1/health/state/" + Uri.EscapeDataString(State);
                query.AddRange(Tags.Select(t => "tag=" + Uri.EscapeDataString(t)));
                break;
            case "checks":
                path = "/v1/health/checks/" + Uri.EscapeDataString(Service);
                break;
            default:
                path = "/v1/event/list";
                if (Name.Length > 0)
                {
                    query.Add("name=" + Uri.EscapeDataString(Name));
                }

                break;
        }

        if (Stale && Type != "event")
        {
            query.Add("stale");
        }

        if (index > 0)
        {
            query.Add("index=" + index.ToString(CultureInfo.InvariantCulture));
        }

        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>The event list index of an event ID (Consul's <c>IDToIndex</c>: the UUID's two halves XORed).</summary>
    public static ulong EventIdToIndex(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 36)
        {
            return 0;
        }

        var lower = string.Concat(id.AsSpan(0, 8), id.AsSpan(9, 4), id.AsSpan(14, 4));
        var upper = string.Concat(id.AsSpan(19, 4), id.AsSpan(24, 12));
        return ulong.TryParse(lower, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var lo) &&
            ulong.TryParse(upper, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hi) ? lo ^ hi : 0;
    }

    /// <summary>Only the events after the one the last index names (all of them on the first query).</summary>
    private static JsonArray? NewEvents(JsonArray? events, ulong lastIndex)
    {
        if (events is null)
        {
            return null;
        }

        var list = events.Select(e => e!.DeepClone()).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (lastIndex != 0 && list[i]?["ID"]?.GetValue<string>() is { } id && EventIdToIndex(id) == lastIndex)
            {
                list = list[(i + 1)..];
                break;
            }
        }

        return new JsonArray([.. list]);
    }

    /// <summary>A KV entry in the field order of Consul's Go API type (what its watch handlers receive).</summary>
    private static JsonObject KvPair(JsonNode e)
    {
        var o = new JsonObject
        {
            ["Key"] = e["Key"]?.DeepClone(),
            ["CreateIndex"] = e["CreateIndex"]?.DeepClone(),
            ["ModifyIndex"] = e["ModifyIndex"]?.DeepClone(),
            ["LockIndex"] = e["LockIndex"]?.DeepClone(),
            ["Flags"] = e["Flags"]?.DeepClone(),
            ["Value"] = e["Value"]?.DeepClone(),
            ["Session"] = e["Session"]?.DeepClone() ?? "",
        };
        foreach (var extra in new[] { "Namespace", "Partition" })
        {
            if (e[extra] is JsonValue v && v.GetValue<string>() is { Length: > 0 } s)
            {
                o[extra] = s;
            }
        }

        return o;
    }

    private static string EscapeKey(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    private static string Str(IReadOnlyDictionary<string, object?> p, string key) => p.TryGetValue(key, out var v) switch
    {
        false => "",
        true => v switch
        {
            null => "",
            string s => s,
            _ => throw new WatchPlanException($"Expecting {key} to be a string"),
        },
    };

    private static bool Bool(IReadOnlyDictionary<string, object?> p, string key) => p.TryGetValue(key, out var v) switch
    {
        false => false,
        true => v switch
        {
            null => false,
            bool b => b,
            string s when bool.TryParse(s, out var b) => b,
            _ => throw new WatchPlanException($"Expecting {key} to be a boolean"),
        },
    };

    private static string[] StrList(IReadOnlyDictionary<string, object?> p, string key) => p.TryGetValue(key, out var v) switch
    {
        false => [],
        true => v switch
        {
            null => [],
            string s => [s],
            IEnumerable<string> list => [.. list],
            _ => throw new WatchPlanException($"Expecting {key} to be a string or a list of strings"),
        },
    };
}
