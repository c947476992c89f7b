using System.Text.Json;
using ConsulSharp.Contracts;
using ConsulSharp.Core.Errors;
using ConsulSharp.Http.Acl;
using ConsulSharp.Http.Routing;
using Microsoft.Extensions.Logging;

namespace ConsulSharp.Http.Endpoints;

/// <summary><c>PUT /v1/agent/token/&lt;kind&gt;</c> (<c>consul acl set-agent-token</c>): replaces one of the agent's
/// tokens; needs <c>agent:write</c> on this agent's node.</summary>
public sealed partial class AgentTokenEndpoints(AgentTokenStore tokens, Agent.ConsulAgent agent, ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger("agent");

    public void Register(RouteTable routes) => routes.Put("/v1/agent/token/", SetAsync);

    private async Task SetAsync(ApiRequest req)
    {
        if (!agent.Config.Acl.Enabled)
        {
            throw new ConsulException(ConsulErrorKind.Unauthorized, Errors.AclDisabled);
        }

        var authz = await req.AuthorizeAsync().ConfigureAwait(false);
        if (!authz.Authorizer.AgentWrite(agent.Config.NodeName))
        {
            throw authz.Denied("agent:write", agent.Config.NodeName);
        }

        var body = await req.ReadBodyAsync(ApiRequest.DefaultMaxBodyBytes, "Request body too large").ConfigureAwait(false);
        string token;
        try
        {
            token = body.Length == 0 ? "" : JsonSerializer.Deserialize(body, ConsulJson.CompactContext.AgentTokenRequest)?.Token ?? "";
        }
        catch (JsonException ex)
        {
            var msg = ex.Message;
            var cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
            throw ConsulException.BadRequest("Request decode failed: " + (cut > 0 ? msg[..cut] : msg));
        }

        var kind = req.Suffix;
        if (!tokens.TrySet(kind, token))
        {
            throw ConsulException.NotFound($"Token \"{kind}\" is unknown");
        }

        LogUpdated(_log, kind);
        req.Http.Response.StatusCode = 200;
    }

    [LoggerMessage(EventId = 4610, Level = LogLevel.Information, Message = "Updated agent's ACL token: token={Kind}")]
    private static partial void LogUpdated(ILogger logger, string kind);
}
