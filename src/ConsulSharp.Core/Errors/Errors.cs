namespace ConsulSharp.Core.Errors;

/// <summary>The catalogue of error texts clients and scripts match on, exactly as Consul writes them.</summary>
public static class Errors
{
    public const string NoClusterLeader = "No cluster leader";
    public const string NoPathToDatacenter = "No path to datacenter";
    public const string PermissionDenied = "Permission denied";
    public const string AclNotFound = "ACL not found";
    public const string AclDisabled = "ACL support disabled";
    public const string InvalidIndex = "Invalid index";
    public const string InvalidWaitTime = "Invalid wait time";
    public const string StaleAndConsistent = "Cannot specify ?stale with ?consistent, conflicting semantics.";
    public const string MissingKeyName = "Missing key name";
    public const string NotRecognizedEndpoint = "Invalid URL path: not a recognized HTTP API endpoint";
    public const string NotV1Path = "Invalid URL path: if attempting to use the HTTP API, ensure the path starts with '/v1/'";
    public const string UiDisabled = "Consul Agent: UI disabled. To enable, set ui_config.enabled=true in the agent configuration and restart.";
    public const string RequestDecodeFailed = "Request decode failed: ";
}
