namespace ConsulSharp.State;

/// <summary>A write the state store refused; the message is Consul's error text, the store is unchanged.</summary>
public sealed class StateStoreException : Exception
{
    public StateStoreException(string message)
        : base(message)
    {
    }

    public StateStoreException()
    {
    }

    public StateStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
