namespace ConsulSharp.Agent.Local;

/// <summary>A definition body could not be decoded; the message is Go's decoder text (without the request prefix).</summary>
public sealed class DefinitionException(string message) : Exception(message);
