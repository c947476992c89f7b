namespace ConsulSharp.Gossip.Wire;

/// <summary>Raised by the codec when bytes received from the network cannot be decoded.</summary>
public class GossipFormatException : Exception
{
    public GossipFormatException()
    {
    }

    public GossipFormatException(string message)
        : base(message)
    {
    }

    public GossipFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
