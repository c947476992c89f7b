namespace ConsulSharp.Agent.Config;

/// <summary>The Consul version this build is compatible with, as reported by <c>consul version</c> and the API.</summary>
public static class VersionInfo
{
    public const string Version = "1.22.0";

    public const string Revision = "consulsharp";

    public const int ProtocolVersion = 2;

    public const int ProtocolMin = 2;

    public const int ProtocolMax = 3;
}
