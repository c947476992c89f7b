using System.Text.RegularExpressions;

namespace ConsulSharp.Cli.Commands;

/// <summary>The node/service/tag regular-expression filters of <c>consul event</c> and <c>consul exec</c>.</summary>
internal static class EventFilters
{
    /// <summary>Consul's refusal text for the first filter that does not compile, or a tag without a service; else null.</summary>
    public static string? Validate(string? node, string? service, string? tag)
    {
        foreach (var (pattern, what) in new[] { (node, "node"), (service, "service"), (tag, "tag") })
        {
            if (string.IsNullOrEmpty(pattern))
            {
                continue;
            }

            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                return $"Failed to compile {what} filter regexp: {ex.Message}";
            }
        }

        return !string.IsNullOrEmpty(tag) && string.IsNullOrEmpty(service) ? "Cannot provide tag filter without service filter." : null;
    }
}
