namespace ConsulSharp.Core.Structs;

/// <summary>A link row: Session is invalidated when check (Node, CheckId) goes critical or is removed.</summary>
public sealed record SessionCheck(string Node, string CheckId, string Session);
