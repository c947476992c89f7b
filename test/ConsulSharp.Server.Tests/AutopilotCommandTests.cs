using ConsulSharp.Core.Structs;
using ConsulSharp.Server.Fsm;
using ConsulSharp.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConsulSharp.Server.Tests;

/// <summary>The autopilot command (<see cref="MessageType.Autopilot"/> = 9, Consul's AutopilotRequestType) through the FSM.</summary>
public sealed class AutopilotCommandTests
{
    [Fact]
    public async Task SetAndCasApplyAtTheirIndexAndSurviveASnapshot()
    {
        var fsm = new ConsulFsm(new StateStore(new FakeTimeProvider()), NullLogger.Instance);
        var set = CommandCodec.Autopilot(new AutopilotCommand { Config = AutopilotConfig.Default with { MaxTrailingLogs = 9 } });
        Assert.Equal(9, set[0]);
        Assert.Equal(true, fsm.Apply(5, 1, set));
        Assert.Equal(false, fsm.Apply(6, 1, CommandCodec.Autopilot(new AutopilotCommand { Config = AutopilotConfig.Default with { ModifyIndex = 4 }, Cas = true })));
        Assert.Equal(true, fsm.Apply(7, 1, CommandCodec.Autopilot(new AutopilotCommand { Config = AutopilotConfig.Default with { ModifyIndex = 5, MinQuorum = 3 }, Cas = true })));
        var stored = fsm.State.Current.AutopilotConfig();
        Assert.Equal(7UL, stored.Index);
        Assert.Equal(5UL, stored.Value!.CreateIndex);
        Assert.Equal(7UL, stored.Value.ModifyIndex);
        Assert.Equal(3U, stored.Value.MinQuorum);

        using var snap = fsm.CreateSnapshot();
        using var ms = new MemoryStream();
        await snap.WriteToAsync(ms, TestContext.Current.CancellationToken);
        ms.Position = 0;
        var other = new ConsulFsm(new StateStore(new FakeTimeProvider()), NullLogger.Instance);
        other.Restore(ms);
        Assert.Equal(stored.Value, other.State.Current.AutopilotConfig().Value);
        Assert.Equal(7UL, other.State.Current.AutopilotConfig().Index);
    }
}
