namespace ConsulSharp.Contracts.Session;

public sealed record SessionIdResponse(string ID);
