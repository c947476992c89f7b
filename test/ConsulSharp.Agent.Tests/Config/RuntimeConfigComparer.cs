using System.Collections;
using System.Reflection;
using ConsulSharp.Agent.Config;
using ConsulSharp.Hcl;

namespace ConsulSharp.Agent.Tests.Config;

/// <summary>Deep structural comparison of configs (records hold lists and dictionaries, which compare by reference).</summary>
internal sealed class RuntimeConfigComparer : IEqualityComparer<RuntimeConfig>
{
    public static readonly RuntimeConfigComparer Instance = new();

    public bool Equals(RuntimeConfig? x, RuntimeConfig? y) => Describe(x) == Describe(y);

    public int GetHashCode(RuntimeConfig obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);

    public static string Describe(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return "\"" + s + "\"";
            case HclNode n:
                return n.ToJson();
            case IDictionary d:
                return "{" + string.Join(",", d.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.Ordinal).Select(k => k + ":" + Describe(d[k]))) + "}";
            case IEnumerable e:
                return "[" + string.Join(",", e.Cast<object?>().Select(Describe)) + "]";
            default:
                var t = value.GetType();
                if (t.IsPrimitive || value is TimeSpan or System.Net.IPAddress or decimal)
                {
                    return value.ToString()!;
                }

                return t.Name + "{" + string.Join(",", t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                    .Select(p => p.Name + "=" + Describe(p.GetValue(value)))) + "}";
        }
    }
}
