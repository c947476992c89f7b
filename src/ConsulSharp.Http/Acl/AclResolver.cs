using System.Collections.Concurrent;
using System.Text.Json;
using ConsulSharp.Acl;
using ConsulSharp.Contracts;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Routing;
using ConsulSharp.Server;
using ConsulSharp.Server.Endpoints;
using ConsulSharp.Server.Rpc;
using ConsulSharp.Server.Rpc.Wire;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Http.Acl;

/// <summary>
/// Token resolution (Consul's <c>ACLResolver</c>). A request without a token uses <c>acl.tokens.default</c>, else the
/// anonymous token; <c>acl.tokens.agent_recovery</c> resolves locally to <c>agent:write</c> on this node. Servers
/// read the state store (compiled authorizers are reused while the ACL tables are unchanged); client agents ask a
/// server (<see cref="ResolvePath"/>, through the agent's own forwarding) and cache the answer for
/// <c>acl.token_ttl</c>; when no server answers, <c>acl.down_policy</c> decides (<c>extend-cache</c>/<c>async-cache</c>
/// keep using a cached answer, else deny; <c>allow</c>; <c>deny</c>).
/// </summary>
public sealed partial class AclResolver : IAclResolver
{
    /// <summary>The internal server endpoint client agents resolve tokens with.</summary>
    public const string ResolvePath = "/v1/internal/acl/resolve";

    private const string AgentRecoveryAccessor = "agent-recovery-token";
    private const int MaxCached = 4096;

    private readonly Agent.ConsulAgent _agent;
    private readonly AgentTokenStore _tokens;
    private readonly TimeProvider _time;
    private readonly ConsulServer? _server;
    private readonly IForwardedRequestHandler? _api;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, LocalEntry> _local = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RemoteEntry> _remote = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PolicyRules> _rules = new(StringComparer.Ordinal);
    private AclAuthorization? _recovery;

    public AclResolver(Agent.ConsulAgent agent, AgentTokenStore tokens, TimeProvider time, ILoggerFactory loggers, ConsulServer? server = null, IForwardedRequestHandler? api = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(loggers);
        _agent = agent;
        _tokens = tokens;
        _time = time;
        _server = server;
        _api = api;
        _log = loggers.CreateLogger("agent.acl");
    }

    public bool Enabled => _agent.Config.Acl.Enabled;

    public string DefaultPolicy => _agent.Config.Acl.DefaultPolicy;

    private IAuthorizer Fallback => Authorizers.ForDefaultPolicy(DefaultPolicy);

    public ValueTask<AclAuthorization> ResolveAsync(string secretId, CancellationToken cancellationToken)
    {
        var secret = secretId;
        if (secret.Length == 0)
        {
            secret = _tokens.Default.Length > 0 ? _tokens.Default : BuiltinPolicies.AnonymousTokenSecret;
        }

        if (_tokens.AgentRecovery is { Length: > 0 } recovery && secret == recovery)
        {
            return ValueTask.FromResult(_recovery ??= RecoveryAuthorization());
        }

        return _server is not null
            ? ValueTask.FromResult(ResolveLocal(_server, secret))
            : ResolveRemoteAsync(secret, cancellationToken);
    }

    /// <summary>Drops cached client-side answers (after a token or policy change made through this agent).</summary>
    public void Purge() => _remote.Clear();

    private AclAuthorization RecoveryAuthorization()
    {
        var rules = PolicyParser.Parse($$"""
            agent "{{_agent.Config.NodeName.Replace("\"", "\\\"", StringComparison.Ordinal)}}" { policy = "write" }
            node_prefix "" { policy = "read" }
            """);
        return new AclAuthorization(Authorizers.Compile([rules], Authorizers.DenyAll), AgentRecoveryAccessor, false);
    }

    private AclAuthorization ResolveLocal(ConsulServer server, string secret)
    {
        var state = server.State.Current;
        var stamp = (state.TableIndex(State.StateTable.AclTokens), state.TableIndex(State.StateTable.AclPolicies), state.TableIndex(State.StateTable.AclRoles), DefaultPolicy);
        var now = _time.GetUtcNow();
        if (_local.TryGetValue(secret, out var cached) && cached.Stamp == stamp && !(cached.Expires < now))
        {
            return cached.Authorization;
        }

        var token = state.AclTokenBySecret(secret).Value;
        if (token is not null && token.IsExpired(now))
        {
            throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.AclNotFound);
        }

        AclAuthorization result;
        if (token is null)
        {
            if (secret != BuiltinPolicies.AnonymousTokenSecret)
            {
                throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.AclNotFound);
            }

            // The leader has not created the anonymous token yet: it has no policies.
            result = new AclAuthorization(Fallback, BuiltinPolicies.AnonymousTokenId, true);
        }
        else
        {
            var rules = AclService.EffectiveRules(state, token, _agent.Config.Datacenter).Select(r => _rules.GetOrAdd(r.Key, static (_, text) => ParseStored(text), r.Rules));
            result = new AclAuthorization(Authorizers.Compile(rules, Fallback), token.AccessorId, IsAnonymous(token.AccessorId));
        }

        if (_local.Count > MaxCached)
        {
            _local.Clear();
            _rules.Clear();
        }

        _local[secret] = new LocalEntry(stamp, token?.ExpirationTime, result);
        return result;
    }

    private async ValueTask<AclAuthorization> ResolveRemoteAsync(string secret, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var acl = _agent.Config.Acl;
        if (_remote.TryGetValue(secret, out var cached) && now - cached.Fetched < acl.TokenTtl && cached.DefaultPolicy == DefaultPolicy)
        {
            return cached.Authorization;
        }

        ForwardReply reply;
        try
        {
            if (_api is null)
            {
                throw new InvalidOperationException("no server RPC");
            }

            var request = new ForwardRequest { Method = "GET", Path = ResolvePath, RemoteAddr = "127.0.0.1" };
            var header = new HttpHeader { Name = "X-Consul-Token" };
            header.Values.Add(secret);
            request.Headers.Add(header);
            reply = await _api.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or Grpc.Core.RpcException or ConsulException)
        {
            return Down(secret, cached, ex.Message);
        }

        var body = reply.Body.ToStringUtf8();
        if (reply.Status == 403 && body.Contains(Errors.AclNotFound, StringComparison.Ordinal))
        {
            _remote.TryRemove(secret, out _);
            throw new ConsulException(ConsulErrorKind.PermissionDenied, Errors.AclNotFound);
        }

        if (reply.Status != 200)
        {
            return Down(secret, cached, body);
        }

        Contracts.Acl.AclResolveDto dto;
        try
        {
            dto = JsonSerializer.Deserialize(reply.Body.Span, ConsulJson.CompactContext.AclResolveDto) ?? new();
        }
        catch (JsonException ex)
        {
            return Down(secret, cached, ex.Message);
        }

        var rules = (dto.Rules ?? []).Select(ParseStored);
        var accessor = dto.AccessorID ?? "";
        var result = new AclAuthorization(Authorizers.Compile(rules, Fallback), accessor, IsAnonymous(accessor));
        if (_remote.Count > MaxCached)
        {
            _remote.Clear();
        }

        _remote[secret] = new RemoteEntry(now, DefaultPolicy, result);
        return result;
    }

    /// <summary>No server answered: <c>acl.down_policy</c>.</summary>
    private AclAuthorization Down(string secret, RemoteEntry? cached, string error)
    {
        LogResolveFailed(_log, _agent.Config.Acl.DownPolicy, error);
        switch (_agent.Config.Acl.DownPolicy)
        {
            case "allow":
                return new AclAuthorization(Authorizers.DefaultAllow, null, secret == BuiltinPolicies.AnonymousTokenSecret);
            case "extend-cache" or "async-cache" when cached is not null:
                return cached.Authorization;
            default:
                return new AclAuthorization(Authorizers.DenyAll, cached?.Authorization.AccessorId, secret == BuiltinPolicies.AnonymousTokenSecret);
        }
    }

    private static bool IsAnonymous(string accessor) =>
        string.Equals(accessor, BuiltinPolicies.AnonymousTokenId, StringComparison.OrdinalIgnoreCase);

    /// <summary>Stored rules were validated when written; a row that no longer parses grants nothing.</summary>
    private static PolicyRules ParseStored(string rules)
    {
        try
        {
            return PolicyParser.Parse(rules);
        }
        catch (AclRulesException)
        {
            return PolicyRules.Empty;
        }
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Warning, Message = "Failed to resolve token through the servers, applying down_policy: down_policy={DownPolicy} error=\"{Error}\"")]
    private static partial void LogResolveFailed(ILogger logger, string downPolicy, string error);

    private sealed record LocalEntry((ulong, ulong, ulong, string) Stamp, DateTimeOffset? Expires, AclAuthorization Authorization);

    private sealed record RemoteEntry(DateTimeOffset Fetched, string DefaultPolicy, AclAuthorization Authorization);
}
