using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

public sealed partial class StateStore
{
    /// <summary>Sets the autopilot configuration (Consul's <c>AutopilotSetConfig</c>).</summary>
    public void AutopilotSetConfig(ulong index, AutopilotConfig config) => Write(index, t => t.AutopilotSet(config));

    /// <summary>
    /// Check-and-set of the autopilot configuration: false (nothing written) unless the stored ModifyIndex equals
    /// <paramref name="casIndex"/> (0 when none was ever written).
    /// </summary>
    public bool AutopilotCasConfig(ulong index, AutopilotConfig config, ulong casIndex)
    {
        if ((_current.Tables.Autopilot?.ModifyIndex ?? 0) != casIndex)
        {
            return false;
        }

        return Write(index, t => t.AutopilotCas(config, casIndex));
    }
}
