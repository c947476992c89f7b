using ConsulSharp.Core.Structs;

namespace ConsulSharp.State.Internal;

internal sealed partial class WriteTxn
{
    /// <summary>Stores the autopilot configuration (CreateIndex kept from an existing row, ModifyIndex = this index).</summary>
    public void AutopilotSet(AutopilotConfig config)
    {
        T.Autopilot = config with { CreateIndex = T.Autopilot?.CreateIndex ?? Index, ModifyIndex = Index };
        T.AutopilotIndex = Index;
        Touch(new WatchKey(WatchKind.Table, StateTable.Autopilot));
    }

    /// <summary>
    /// Check-and-set: only when the stored ModifyIndex equals <paramref name="casIndex"/>. A configuration never
    /// written counts as ModifyIndex 0 (Consul writes the defaults when leadership starts, so its CAS never sees none).
    /// </summary>
    public bool AutopilotCas(AutopilotConfig config, ulong casIndex)
    {
        if ((T.Autopilot?.ModifyIndex ?? 0) != casIndex)
        {
            return false;
        }

        AutopilotSet(config);
        return true;
    }
}
