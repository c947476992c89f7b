namespace ConsulSharp.Core.Structs;

/// <summary>What happens to a session's locked keys when it is invalidated (Consul strings).</summary>
public static class SessionBehavior
{
    public const string Release = "release";
    public const string Delete = "delete";
}
