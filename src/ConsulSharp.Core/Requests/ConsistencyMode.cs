namespace ConsulSharp.Core.Requests;

/// <summary>How a read may be served: by the leader (default), by any server (stale), or after a quorum check.</summary>
public enum ConsistencyMode
{
    Default = 0,
    Stale = 1,
    Consistent = 2,
}
