using System.Globalization;

namespace ConsulSharp.Gossip.Serf;

/// <summary>
/// serf-style snapshot file (append-only text): <c>alive: name ip:port</c>, <c>not-alive: name</c>, <c>clock: n</c>,
/// <c>event-clock: n</c>, <c>query-clock: n</c>, <c>leave</c>. Read at start to restore the Lamport clocks (so old
/// events/queries are not replayed) and to rejoin previously alive members; compacted on open.
/// </summary>
internal sealed class Snapshot : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    private Snapshot(string path, Dictionary<string, string> alive, ulong clock, ulong eventClock, ulong queryClock, bool left)
    {
        AliveNodes = alive;
        Clock = clock;
        EventClock = eventClock;
        QueryClock = queryClock;
        Left = left;
        var lines = new List<string>
        {
            "# compacted snapshot",
            $"clock: {clock}",
            $"event-clock: {eventClock}",
            $"query-clock: {queryClock}",
        };
        lines.AddRange(alive.Select(p => $"alive: {p.Key} {p.Value}"));
        if (left)
        {
            lines.Add("leave");
        }

        var temp = path + ".compact";
        File.WriteAllLines(temp, lines);
        File.Move(temp, path, overwrite: true);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>Previously alive members: name → "ip:port".</summary>
    public IReadOnlyDictionary<string, string> AliveNodes { get; }

    public ulong Clock { get; private set; }

    public ulong EventClock { get; private set; }

    public ulong QueryClock { get; private set; }

    /// <summary>The previous run contained a graceful leave.</summary>
    public bool Left { get; }

    public static Snapshot Open(string path, bool rejoinAfterLeave)
    {
        var alive = new Dictionary<string, string>(StringComparer.Ordinal);
        ulong clock = 0, eventClock = 0, queryClock = 0;
        var left = false;
        if (File.Exists(path))
        {
            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.Trim();
                if (line.StartsWith("alive: ", StringComparison.Ordinal))
                {
                    var parts = line[7..].Split(' ', 2);
                    if (parts.Length == 2)
                    {
                        alive[parts[0]] = parts[1];
                    }
                }
                else if (line.StartsWith("not-alive: ", StringComparison.Ordinal))
                {
                    alive.Remove(line[11..]);
                }
                else if (TryValue(line, "clock: ", out var v))
                {
                    clock = Math.Max(clock, v);
                }
                else if (TryValue(line, "event-clock: ", out v))
                {
                    eventClock = Math.Max(eventClock, v);
                }
                else if (TryValue(line, "query-clock: ", out v))
                {
                    queryClock = Math.Max(queryClock, v);
                }
                else if (line == "leave")
                {
                    // like serf: a graceful leave forgets the members, unless we are told to rejoin anyway
                    left = true;
                    if (!rejoinAfterLeave)
                    {
                        alive.Clear();
                    }
                }
            }
        }

        return new Snapshot(path, alive, clock, eventClock, queryClock, left);
    }

    public void Alive(string name, string address) => Append($"alive: {name} {address}");

    public void NotAlive(string name) => Append($"not-alive: {name}");

    public void Leave() => Append("leave");

    /// <summary>Records clock values that moved since the last call.</summary>
    public void UpdateClocks(ulong clock, ulong eventClock, ulong queryClock)
    {
        lock (_gate)
        {
            if (clock > Clock)
            {
                Clock = clock;
                _writer.WriteLine($"clock: {clock}");
            }

            if (eventClock > EventClock)
            {
                EventClock = eventClock;
                _writer.WriteLine($"event-clock: {eventClock}");
            }

            if (queryClock > QueryClock)
            {
                QueryClock = queryClock;
                _writer.WriteLine($"query-clock: {queryClock}");
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Append(string line)
    {
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static bool TryValue(string line, string prefix, out ulong value)
    {
        value = 0;
        return line.StartsWith(prefix, StringComparison.Ordinal) && ulong.TryParse(line.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
