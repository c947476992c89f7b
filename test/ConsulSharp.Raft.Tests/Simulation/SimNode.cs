using ConsulSharp.Raft;
using ConsulSharp.Raft.Core;
using ConsulSharp.Raft.Transport;

namespace ConsulSharp.Raft.Tests.Simulation;

/// <summary>One simulated server: a pure <see cref="RaftCore"/> plus a modelled disk (durable + unsynced writes) and FSM.</summary>
internal sealed class SimNode(int index)
{
    public int Index { get; } = index;

    public string Id { get; } = "n" + index;

    public RaftCore? Core { get; set; }

    /// <summary>Bumped on every crash so events scheduled for an older incarnation are ignored.</summary>
    public int Epoch { get; set; }

    // ---- durable disk ----
    public HardState DiskHard { get; set; }

    public SimSnapshot? DiskSnapshot { get; set; }

    public ulong DiskBaseIndex { get; set; }

    public ulong DiskBaseTerm { get; set; }

    public List<LogEntry> DiskLog { get; } = [];

    // ---- in-flight persistence of one Ready ----
    public Ready? Pending { get; set; }

    public SimSnapshot? PendingSnapshotData { get; set; }

    public Queue<RaftMessage> Inbox { get; } = new();

    public Dictionary<string, SimSnapshot> ReceivedSnapshots { get; } = [];

    // ---- volatile state machine ----
    public ulong FsmIndex { get; set; }

    public ulong FsmHash { get; set; }

    public RaftRole LastRole { get; set; }

    public ulong LastTerm { get; set; }

    public ulong CheckedCommit { get; set; }

    public long CheckedLogVersion { get; set; } = -1;

    public bool Up => Core is not null;

    public ulong DiskLastIndex => DiskBaseIndex + (ulong)DiskLog.Count;

    public ulong? DiskTermAt(ulong index)
    {
        if (index == DiskBaseIndex)
        {
            return DiskBaseTerm;
        }

        if (index < DiskBaseIndex || index > DiskLastIndex)
        {
            return null;
        }

        return DiskLog[(int)(index - DiskBaseIndex - 1)].Term;
    }

    /// <summary>Applies a write to the disk image: truncate at the first entry's index, then append.</summary>
    public void WriteEntries(IReadOnlyList<LogEntry> entries, int count)
    {
        if (entries.Count == 0 || count == 0)
        {
            return;
        }

        var first = entries[0].Index;
        if (first <= DiskBaseIndex)
        {
            throw new InvalidOperationException($"{Id}: write at {first} below disk base {DiskBaseIndex}");
        }

        if (first > DiskLastIndex + 1)
        {
            throw new InvalidOperationException($"{Id}: write at {first} leaves a gap after {DiskLastIndex}");
        }

        var keep = (int)(first - DiskBaseIndex - 1);
        DiskLog.RemoveRange(keep, DiskLog.Count - keep);
        for (var i = 0; i < count; i++)
        {
            DiskLog.Add(entries[i]);
        }
    }

    public void ResetDiskLog(ulong index, ulong term)
    {
        DiskLog.Clear();
        DiskBaseIndex = index;
        DiskBaseTerm = term;
    }

    public void CompactDisk(ulong upTo)
    {
        if (upTo <= DiskBaseIndex || upTo > DiskLastIndex)
        {
            return;
        }

        var term = DiskTermAt(upTo)!.Value;
        DiskLog.RemoveRange(0, (int)(upTo - DiskBaseIndex));
        DiskBaseIndex = upTo;
        DiskBaseTerm = term;
    }

    /// <summary>Recovery: what the real shell does at start-up, on the disk image.</summary>
    public RaftCoreInitialState Recover()
    {
        var snap = DiskSnapshot;
        var snapIndex = snap?.Index ?? 0;
        var snapTerm = snap?.Term ?? 0;
        var entries = new List<LogEntry>();
        if (snap is null || DiskTermAt(snapIndex) == snapTerm)
        {
            foreach (var e in DiskLog)
            {
                if (e.Index > snapIndex)
                {
                    entries.Add(e);
                }
            }
        }
        else
        {
            // The log does not continue from the snapshot (crash between snapshot install and log reset): drop it.
            ResetDiskLog(snapIndex, snapTerm);
        }

        return new RaftCoreInitialState(DiskHard, snapIndex, snapTerm, snap?.Configuration ?? RaftConfiguration.Empty, entries);
    }
}
