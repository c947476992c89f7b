namespace ConsulSharp.Http.Routing;

/// <summary>Handles one routed request. Throws <c>ConsulException</c> for expected failures.</summary>
public delegate Task RequestHandler(ApiRequest request);
