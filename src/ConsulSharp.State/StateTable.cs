namespace ConsulSharp.State;

/// <summary>Table names; also the names of table-wide watches.</summary>
public static class StateTable
{
    public const string Nodes = "nodes";
    public const string Services = "services";
    public const string Checks = "checks";
    public const string Kvs = "kvs";
    public const string Tombstones = "tombstones";
    public const string Sessions = "sessions";
    public const string SessionChecks = "session_checks";
    public const string Coordinates = "coordinates";
    public const string PreparedQueries = "prepared-queries";
    public const string Autopilot = "autopilot-config";
    public const string AclTokens = "acl-tokens";
    public const string AclPolicies = "acl-policies";
    public const string AclRoles = "acl-roles";
}
