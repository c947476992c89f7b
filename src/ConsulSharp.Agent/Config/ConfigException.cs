namespace ConsulSharp.Agent.Config;

/// <summary>Configuration that cannot be used; the message names the source (file and key, or flag) and the problem.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException()
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
