namespace ConsulSharp.State;

/// <summary>Error texts of the state store, as Consul words them (clients match on some of them).</summary>
public static class StateErrors
{
    public const string MissingNode = "Missing node registration";
    public const string MissingService = "Missing service registration";
    public const string MissingSessionId = "Missing session ID";
    public const string MissingQueryId = "Missing Query ID";
    public const string AclBootstrapNotAllowed = "ACL bootstrap no longer allowed";
    public const string AclBootstrapInvalidResetIndex = "Invalid ACL bootstrap reset index";
}
