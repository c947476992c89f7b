namespace ConsulSharp.Gossip.Tests.Oracle;

internal sealed record SerfAgentMember(string Name, string Addr, string Status, Dictionary<string, string> Tags);
