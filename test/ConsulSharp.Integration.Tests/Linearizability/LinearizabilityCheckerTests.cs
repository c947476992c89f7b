using ConsulSharp.Testing.Linearizability;

namespace ConsulSharp.Integration.Tests.Linearizability;

public sealed class LinearizabilityCheckerTests
{
    private static RegisterOp Write(int client, string value, long invoke, long? ret) => new(client, "k", RegisterOpKind.Write, invoke, ret) { Value = value };

    private static RegisterOp Read(int client, string? output, long invoke, long? ret) => new(client, "k", RegisterOpKind.Read, invoke, ret) { Output = output };

    private static RegisterOp Cas(int client, string? expected, string value, bool ok, long invoke, long? ret) =>
        new(client, "k", RegisterOpKind.Cas, invoke, ret) { Expected = expected, Value = value, CasSucceeded = ok };

    [Fact]
    public void Sequential_history_is_linearizable()
    {
        var result = LinearizabilityChecker.Check([Read(1, null, 0, 1), Write(1, "a", 2, 3), Read(2, "a", 4, 5), Cas(1, "a", "b", true, 6, 7), Read(2, "b", 8, 9)]);
        Assert.True(result.IsLinearizable, result.ToString());
    }

    [Fact]
    public void Stale_read_after_an_acknowledged_write_is_not_linearizable()
    {
        var result = LinearizabilityChecker.Check([Write(1, "a", 0, 1), Write(1, "b", 2, 3), Read(2, "a", 4, 5)]);
        Assert.False(result.IsLinearizable);
        Assert.Equal("k", result.Key);
    }

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_either_value()
    {
        Assert.True(LinearizabilityChecker.Check([Write(1, "a", 0, 1), Write(1, "b", 2, 10), Read(2, "a", 3, 4)]).IsLinearizable);
        Assert.True(LinearizabilityChecker.Check([Write(1, "a", 0, 1), Write(1, "b", 2, 10), Read(2, "b", 3, 4)]).IsLinearizable);
    }

    [Fact]
    public void Two_successful_cas_from_the_same_value_are_not_linearizable()
    {
        var result = LinearizabilityChecker.Check([Write(1, "a", 0, 1), Cas(1, "a", "b", true, 2, 5), Cas(2, "a", "c", true, 3, 6)]);
        Assert.False(result.IsLinearizable);
    }

    [Fact]
    public void A_failed_cas_must_have_seen_another_value()
    {
        Assert.False(LinearizabilityChecker.Check([Write(1, "a", 0, 1), Cas(2, "a", "b", false, 2, 3)]).IsLinearizable);
        Assert.True(LinearizabilityChecker.Check([Write(1, "a", 0, 1), Write(1, "x", 2, 9), Cas(2, "a", "b", false, 3, 4)]).IsLinearizable);
    }

    [Fact]
    public void A_lost_acknowledged_write_is_detected()
    {
        Assert.False(LinearizabilityChecker.Check([Write(1, "a", 0, 1), Read(2, null, 2, 3)]).IsLinearizable);
    }

    [Fact]
    public void An_unknown_outcome_write_may_or_may_not_have_happened_but_not_both()
    {
        Assert.True(LinearizabilityChecker.Check([Write(1, "a", 0, null), Read(2, null, 2, 3)]).IsLinearizable);
        Assert.True(LinearizabilityChecker.Check([Write(1, "a", 0, null), Read(2, "a", 2, 3)]).IsLinearizable);
        Assert.False(LinearizabilityChecker.Check([Write(1, "a", 0, null), Read(2, "a", 2, 3), Read(2, null, 4, 5)]).IsLinearizable);
    }

    [Fact]
    public void Keys_are_checked_independently()
    {
        var ok = LinearizabilityChecker.Check([Write(1, "a", 0, 1), Read(2, "a", 2, 3) with { Key = "k" }, Read(2, null, 2, 3) with { Key = "other" }]);
        Assert.True(ok.IsLinearizable, ok.ToString());
    }

    [Fact]
    public void A_large_concurrent_linearizable_history_checks_quickly()
    {
        // Simulate a real register with 6 clients whose calls overlap: each op takes effect at a random point inside its interval.
        var random = new Random(42);
        var ops = new List<RegisterOp>();
        string? value = null;
        var clientsFreeAt = new long[6];
        var effects = new List<(long At, int Client)>();
        var nextValue = 0;
        long now = 0;
        for (var i = 0; i < 1500; i++)
        {
            now += random.Next(1, 4);
            var client = random.Next(6);
            if (clientsFreeAt[client] > now)
            {
                continue;
            }

            var invoke = now;
            var effect = now + random.Next(0, 6);
            var ret = effect + random.Next(0, 6);
            clientsFreeAt[client] = ret + 1;
            effects.Add((effect, ops.Count));
            ops.Add(new RegisterOp(client, "k", (RegisterOpKind)random.Next(3), invoke, ret));
        }

        // Apply in effect order to fill in outputs.
        foreach (var (_, index) in effects.OrderBy(e => e.At).ThenBy(e => e.Client))
        {
            var op = ops[index];
            switch (op.Kind)
            {
                case RegisterOpKind.Read:
                    ops[index] = op with { Output = value };
                    break;
                case RegisterOpKind.Write:
                    value = $"v{nextValue++}";
                    ops[index] = op with { Value = value };
                    break;
                default:
                    var expected = random.Next(2) == 0 ? value : "nope";
                    var newValue = $"v{nextValue++}";
                    var ok = expected == value;
                    if (ok)
                    {
                        value = newValue;
                    }

                    ops[index] = op with { Expected = expected, Value = newValue, CasSucceeded = ok };
                    break;
            }
        }

        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(ops);
        Assert.True(result.IsLinearizable, result.ToString());
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");

        // Corrupt one read in the middle: it now returns a value that was never current at that point.
        var readIndex = ops.FindIndex(ops.Count / 2, o => o.Kind == RegisterOpKind.Read && o.Output is not null);
        ops[readIndex] = ops[readIndex] with { Output = "never-written" };
        Assert.False(LinearizabilityChecker.Check(ops).IsLinearizable);
    }
}
