namespace ConsulSharp.Core.Filter;

/// <summary>A node of a parsed filter expression. <see cref="object.ToString"/> prints a canonical, fully parenthesised form.</summary>
public abstract record FilterNode;
