namespace ConsulSharp.Hcl;

/// <summary>One key of an <see cref="HclObject"/> with the position of the key itself.</summary>
public sealed record HclProperty(string Key, HclNode Value, int Line = 0, int Column = 0);
