namespace ConsulSharp.Core.Structs;

/// <summary>A KV graveyard row: the index at which Key (or, for delete-tree, the prefix Key) was deleted.</summary>
public sealed record Tombstone(string Key, ulong Index);
