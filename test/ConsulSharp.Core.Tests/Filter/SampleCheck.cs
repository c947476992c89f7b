namespace ConsulSharp.Core.Tests.Filter;

public sealed record SampleCheck(string Node, string CheckID, string Name, string Status, string ServiceName, List<string>? ServiceTags = null, Dictionary<string, string>? Definition = null);
