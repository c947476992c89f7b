using ConsulSharp.Core.Errors;

namespace ConsulSharp.Http.Endpoints;

/// <summary>
/// Consul 1.22's KV key checks (CVE-2025-11392): no path traversal, plain or encoded, and no leading or trailing
/// spaces. Everything else (spaces inside, <c>%</c>, <c>*</c>, non-ASCII) is allowed.
/// </summary>
public static class KeyValidation
{
    private static readonly string[] Traversal = ["../", "..\\"];
    private static readonly string[] EncodedTraversal = ["..%2f", "..%5c", "%2e%2e%2f", "%2e%2e/", "%2e%2e%5c", "%2e%2e\\", "%252e%252e%252f", "%252e%252e"];

    public static void Validate(string key)
    {
        if (key.Length > 0 && (key[0] == ' ' || key[^1] == ' '))
        {
            throw ConsulException.BadRequest("Invalid key: key must not begin or end with whitespace");
        }

        var lower = key.ToLowerInvariant();
        foreach (var t in EncodedTraversal)
        {
            if (lower.Contains(t, StringComparison.Ordinal))
            {
                throw ConsulException.BadRequest("Invalid key: key contains encoded path traversal sequence");
            }
        }

        foreach (var t in Traversal)
        {
            if (key.Contains(t, StringComparison.Ordinal) || key == ".." || key.EndsWith("/..", StringComparison.Ordinal))
            {
                throw ConsulException.BadRequest("Invalid key: key contains path traversal sequence");
            }
        }
    }
}
