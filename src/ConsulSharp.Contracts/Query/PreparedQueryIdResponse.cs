namespace ConsulSharp.Contracts.Query;

/// <summary>The answer of <c>POST /v1/query</c>.</summary>
public sealed record PreparedQueryIdResponse(string ID);
