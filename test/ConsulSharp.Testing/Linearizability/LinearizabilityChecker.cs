namespace ConsulSharp.Testing.Linearizability;

/// <summary>
/// Checks that a concurrent history over single-key registers is linearizable (Wing &amp; Gong's search, with Lowe's
/// memoisation of (set of linearized operations, register state) pairs, as Porcupine does). Keys are independent, so each
/// is checked on its own. Operations with an unknown outcome may be placed anywhere after their invocation, including
/// after everything else, which is the same as never having happened.
/// </summary>
public static class LinearizabilityChecker
{
    public static LinearizabilityResult Check(IEnumerable<RegisterOp> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var group in history.GroupBy(o => o.Key, StringComparer.Ordinal))
        {
            var (ok, prefix) = CheckKey([.. group]);
            if (!ok)
            {
                return new LinearizabilityResult(false, group.Key, prefix);
            }
        }

        return new LinearizabilityResult(true, null, []);
    }

    private sealed class Entry
    {
        public required int Op { get; init; }

        public required bool IsCall { get; init; }

        public required long Time { get; init; }

        public Entry? Match { get; set; }

        public Entry? Prev { get; set; }

        public Entry? Next { get; set; }
    }

    private static (bool Ok, IReadOnlyList<RegisterOp> Prefix) CheckKey(RegisterOp[] ops)
    {
        // Events sorted by time; at equal times calls come before returns (the intervals overlap, the permissive reading).
        var events = new List<Entry>(ops.Length * 2);
        for (var i = 0; i < ops.Length; i++)
        {
            var call = new Entry { Op = i, IsCall = true, Time = ops[i].Invoke };
            var ret = new Entry { Op = i, IsCall = false, Time = ops[i].Return ?? long.MaxValue };
            call.Match = ret;
            events.Add(call);
            events.Add(ret);
        }

        events.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.IsCall == b.IsCall ? 0 : a.IsCall ? -1 : 1);
        var head = new Entry { Op = -1, IsCall = false, Time = long.MinValue };
        var last = head;
        foreach (var e in events)
        {
            last.Next = e;
            e.Prev = last;
            last = e;
        }

        var linearized = new ulong[(ops.Length + 63) / 64];
        var cache = new HashSet<(string Bits, string? State)>();
        var stack = new Stack<(Entry Call, string? StateBefore)>();
        var longest = new List<RegisterOp>();
        string? state = null;
        var entry = head.Next;
        while (head.Next is not null)
        {
            if (entry is null)
            {
                return (false, longest);
            }

            if (entry.IsCall)
            {
                var op = ops[entry.Op];
                if (TryStep(op, state, out var next))
                {
                    linearized[entry.Op / 64] |= 1UL << (entry.Op % 64);
                    if (cache.Add((Key(linearized), next)))
                    {
                        stack.Push((entry, state));
                        state = next;
                        Lift(entry);
                        if (stack.Count > longest.Count)
                        {
                            longest = [.. stack.Reverse().Select(s => ops[s.Call.Op])];
                        }

                        entry = head.Next;
                        continue;
                    }

                    linearized[entry.Op / 64] &= ~(1UL << (entry.Op % 64));
                }

                entry = entry.Next;
                continue;
            }

            // A return whose call is still in the list: the ops linearized so far cannot be extended; backtrack.
            if (stack.Count == 0)
            {
                return (false, longest);
            }

            var (call, before) = stack.Pop();
            state = before;
            linearized[call.Op / 64] &= ~(1UL << (call.Op % 64));
            Unlift(call);
            entry = call.Next;
        }

        return (true, []);
    }

    private static bool TryStep(RegisterOp op, string? state, out string? next)
    {
        next = state;
        switch (op.Kind)
        {
            case RegisterOpKind.Read:
                return !op.OutcomeKnown || string.Equals(op.Output, state, StringComparison.Ordinal);
            case RegisterOpKind.Write:
                next = op.Value;
                return true;
            default:
                var matches = string.Equals(op.Expected, state, StringComparison.Ordinal);
                if (matches)
                {
                    next = op.Value;
                }

                return !op.OutcomeKnown || op.CasSucceeded == matches;
        }
    }

    private static void Lift(Entry call)
    {
        call.Prev!.Next = call.Next;
        call.Next!.Prev = call.Prev;
        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null)
        {
            ret.Next.Prev = ret.Prev;
        }
    }

    private static void Unlift(Entry call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null)
        {
            ret.Next.Prev = ret;
        }

        call.Prev!.Next = call;
        call.Next!.Prev = call;
    }

    private static string Key(ulong[] bits) => string.Join(',', bits);
}
