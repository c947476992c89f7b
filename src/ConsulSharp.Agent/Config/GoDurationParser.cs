using ConsulSharp.Core;

namespace ConsulSharp.Agent.Config;

/// <summary>
/// Go's <c>time.ParseDuration</c> for config values (<c>"10s"</c>, <c>"1h30m"</c>, <c>"1.5h"</c>, <c>"-2ms"</c>, <c>"0"</c>),
/// with Go's error texts: the config decoder's view of <see cref="GoDuration"/>. Precision is .NET's 100 ns tick.
/// </summary>
internal static class GoDurationParser
{
    public static bool TryParse(string s, out TimeSpan value, out string error)
    {
        if (GoDuration.TryParseNanoseconds(s, out var ns, out var err))
        {
            value = GoDuration.FromNanoseconds(ns);
            error = "";
            return true;
        }

        value = TimeSpan.Zero;
        error = err;
        return false;
    }
}
