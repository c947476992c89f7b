namespace ConsulSharp.Client;

/// <summary>A non-2xx answer or a transport failure, with the text Consul's Go client would show.</summary>
public sealed class ConsulApiException : Exception
{
    public ConsulApiException(string message)
        : base(message)
    {
    }

    public ConsulApiException(int statusCode, string body)
        : base($"Unexpected response code: {statusCode} ({body})")
    {
        StatusCode = statusCode;
        Body = body;
    }

    public ConsulApiException()
    {
    }

    public ConsulApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; }

    public string Body { get; } = "";
}
