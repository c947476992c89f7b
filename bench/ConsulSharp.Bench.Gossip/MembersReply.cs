/// <summary>What a node reports when polled: statuses by name, member-failed events and suspicions it raised.</summary>
internal sealed record MembersReply(IReadOnlyDictionary<string, string> Statuses, int FailedEvents, int Suspicions)
{
    /// <summary>Line form used between the bench and a node process: <c>m FAILED SUSPECT name:status ...</c>.</summary>
    public string ToLine() => $"m {FailedEvents} {Suspicions} " + string.Join(' ', Statuses.Select(kv => kv.Key + ":" + kv.Value));

    public static MembersReply Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[0] != "m")
        {
            throw new InvalidOperationException("bad members reply: " + line);
        }

        var statuses = parts.Skip(3).Select(p => p.Split(':')).ToDictionary(p => p[0], p => p[1]);
        return new MembersReply(statuses, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
