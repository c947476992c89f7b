using System.Collections.Concurrent;
using ConsulSharp.Core.Structs;
using ConsulSharp.State;

namespace ConsulSharp.Dns;

/// <summary>
/// The instances of a service (optionally with a tag) that DNS may answer with, after Consul's health filter, computed
/// once per version of that service: an entry is reused while the state's index for the service
/// (<see cref="StateSnapshot.ServiceIndex"/>, which moves on any change to its instances, their checks or their nodes)
/// is unchanged. Without it every query joined all instances with their nodes and checks (about 10 ms for 5,000
/// instances). Only names that have instances are cached, and the cache is emptied when it reaches
/// <see cref="MaxEntries"/>, so random names cannot grow it.
/// </summary>
internal sealed class DnsServiceCache
{
    internal const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<(string Service, string Tag), Entry> _entries = new();
    private readonly bool _onlyPassing;

    public DnsServiceCache(bool onlyPassing) => _onlyPassing = onlyPassing;

    internal int Count => _entries.Count;

    /// <summary>The healthy instances in catalog order (callers shuffle; the array is shared and must not be changed).</summary>
    public DnsInstance[] Get(StateSnapshot snapshot, string service, string? tag)
    {
        var index = snapshot.ServiceIndex(service);
        var key = (service.ToLowerInvariant(), tag?.ToLowerInvariant() ?? "");
        if (_entries.TryGetValue(key, out var cached) && cached.Index == index)
        {
            return cached.Instances;
        }

        var instances = Filter(snapshot.CheckServiceNodes(service, tag is null ? null : [tag]).Value, _onlyPassing);
        if (instances.Length > 0)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[key] = new Entry(index, instances);
        }

        return instances;
    }

    /// <summary>Consul's DNS health filter: any check other than passing/warning drops the instance, warning too with
    /// <paramref name="onlyPassing"/>.</summary>
    internal static DnsInstance[] Filter(IReadOnlyList<CheckServiceNode> instances, bool onlyPassing)
    {
        var healthy = new List<DnsInstance>(instances.Count);
        foreach (var inst in instances)
        {
            var critical = false;
            var warning = false;
            foreach (var c in inst.Checks)
            {
                if (c.Status == HealthStatus.Passing)
                {
                    continue;
                }

                if (c.Status == HealthStatus.Warning)
                {
                    warning = true;
                }
                else
                {
                    critical = true;
                }
            }

            if (!critical && !(warning && onlyPassing))
            {
                healthy.Add(new DnsInstance(inst, warning));
            }
        }

        return [.. healthy];
    }

    private sealed record Entry(ulong Index, DnsInstance[] Instances);
}
