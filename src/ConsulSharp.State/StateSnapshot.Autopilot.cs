using ConsulSharp.Core.Structs;

namespace ConsulSharp.State;

public sealed partial class StateSnapshot
{
    /// <summary>The stored autopilot configuration (null when none was ever written) and the table's index.</summary>
    public QueryResult<AutopilotConfig?> AutopilotConfig(WatchSet? ws = null)
    {
        ws?.Add(new WatchKey(WatchKind.Table, StateTable.Autopilot));
        return new QueryResult<AutopilotConfig?>(Tables.AutopilotIndex, Tables.Autopilot);
    }
}
