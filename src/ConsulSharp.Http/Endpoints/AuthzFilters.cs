using ConsulSharp.Acl;
using ConsulSharp.Core.Structs;
using ConsulSharp.Http.Routing;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// ACL filtering of read results as Consul's <c>aclFilter</c>: entries the token may not read are dropped, and
/// <c>X-Consul-Results-Filtered-By-ACLs: true</c> tells a caller with a token that something was. With ACLs off (the
/// allow-all authorizer) every helper returns its input untouched without iterating it.
/// </summary>
internal static class AuthzFilters
{
    public const string FilteredHeader = "X-Consul-Results-Filtered-By-ACLs";

    public static bool AllowsAll(AclAuthorization acl) => ReferenceEquals(acl.Authorizer, Authorizers.AllowAll);

    /// <summary>The items <paramref name="allowed"/> keeps; <paramref name="removed"/> turns true when one was dropped.</summary>
    public static IReadOnlyList<T> Filter<T>(AclAuthorization acl, IReadOnlyList<T> items, Func<IAuthorizer, T, bool> allowed, ref bool removed)
    {
        if (AllowsAll(acl))
        {
            return items;
        }

        List<T>? kept = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (allowed(acl.Authorizer, items[i]))
            {
                kept?.Add(items[i]);
                continue;
            }

            if (kept is null)
            {
                kept = new List<T>(items.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(items[j]);
                }
            }

            removed = true;
        }

        return kept ?? items;
    }

    /// <summary>Sets the filtered header when something was dropped and the request carried a token (as Consul, which
    /// hides it from anonymous callers).</summary>
    public static void MarkFiltered(ApiRequest req, AclAuthorization acl, bool removed)
    {
        if (removed && !acl.IsAnonymous)
        {
            req.Http.Response.Headers[FilteredHeader] = "true";
        }
    }

    /// <summary>A service name is readable (an empty one, as on node checks, always is).</summary>
    public static bool ServiceAllowed(IAuthorizer a, string service) => service.Length == 0 || a.ServiceRead(service);

    public static bool CheckAllowed(IAuthorizer a, HealthCheck c) => a.NodeRead(c.Node) && ServiceAllowed(a, c.ServiceName);

    public static bool ServiceInstanceAllowed(IAuthorizer a, ServiceInstance s) => a.NodeRead(s.Node) && ServiceAllowed(a, s.Name);
}
