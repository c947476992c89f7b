using System.Net.Http.Headers;
using System.Text;

namespace ConsulSharp.Client;

/// <summary>
/// A thin client of the agent HTTP API, used by the CLI and by tests. Errors read as Consul's Go client's do:
/// <c>Unexpected response code: 404 (...)</c> or the transport failure.
/// </summary>
public sealed class ConsulHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ConsulClientConfig _config;

    public ConsulHttpClient(ConsulClientConfig config, HttpMessageHandler? handler = null)
    {
        _config = config;
        _http = handler is null ? new HttpClient(ClientTls.Handler(config)) : new HttpClient(handler);
        _http.BaseAddress = config.BaseUri();
        _http.Timeout = Timeout.InfiniteTimeSpan;
    }

    public ConsulClientConfig Config => _config;

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Typed <c>/v1/acl/*</c> and agent token calls over this client.</summary>
    public AclApi Acl => new(this);

    public Task<ConsulResponse> GetAsync(string pathAndQuery, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, cancellationToken);

    public Task<ConsulResponse> PutAsync(string pathAndQuery, byte[]? body = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, pathAndQuery, body, cancellationToken);

    public Task<ConsulResponse> DeleteAsync(string pathAndQuery, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, pathAndQuery, null, cancellationToken);

    /// <summary>Sends a request and returns the answer whatever its status; transport failures throw.</summary>
    public async Task<ConsulResponse> SendRawAsync(HttpMethod method, string pathAndQuery, byte[]? body, CancellationToken cancellationToken = default)
    {
        using var req = Build(method, pathAndQuery, body);
        HttpResponseMessage res;
        try
        {
            res = await _http.SendAsync(req, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConsulApiException($"{method.Method.ToUpperInvariant()[0]}{method.Method.ToLowerInvariant()[1..]} \"{new Uri(_http.BaseAddress!, pathAndQuery)}\": {Describe(ex)}", ex);
        }

        using (res)
        {
            var bytes = await res.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new ConsulResponse((int)res.StatusCode, bytes, res.Headers);
        }
    }

    /// <summary>Sends a request; a non-2xx answer throws <see cref="ConsulApiException"/>.</summary>
    public async Task<ConsulResponse> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, CancellationToken cancellationToken = default)
    {
        var res = await SendRawAsync(method, pathAndQuery, body, cancellationToken).ConfigureAwait(false);
        if (res.StatusCode is < 200 or >= 300)
        {
            throw new ConsulApiException(res.StatusCode, res.Text.TrimEnd('\n'));
        }

        return res;
    }

    /// <summary>Opens a streaming GET (monitor); the caller reads the body as it arrives.</summary>
    public async Task<HttpResponseMessage> StreamAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        var req = Build(HttpMethod.Get, pathAndQuery, null);
        try
        {
            var res = await _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!res.IsSuccessStatusCode)
            {
                var text = await res.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                res.Dispose();
                throw new ConsulApiException((int)res.StatusCode, text.TrimEnd('\n'));
            }

            return res;
        }
        catch (HttpRequestException ex)
        {
            throw new ConsulApiException($"Get \"{new Uri(_http.BaseAddress!, pathAndQuery)}\": {Describe(ex)}", ex);
        }
        finally
        {
            req.Dispose();
        }
    }

    /// <summary>Uploads <paramref name="body"/> as it is read (snapshot restore); a non-2xx answer throws <see cref="ConsulApiException"/>.</summary>
    public async Task<ConsulResponse> PutStreamAsync(string pathAndQuery, Stream body, CancellationToken cancellationToken = default)
    {
        using var req = Build(HttpMethod.Put, pathAndQuery, null);
        req.Content = new StreamContent(body, 1 << 16);
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage res;
        try
        {
            res = await _http.SendAsync(req, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConsulApiException($"Put \"{new Uri(_http.BaseAddress!, pathAndQuery)}\": {Describe(ex)}", ex);
        }

        using (res)
        {
            var bytes = await res.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!res.IsSuccessStatusCode)
            {
                throw new ConsulApiException((int)res.StatusCode, System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\n'));
            }

            return new ConsulResponse((int)res.StatusCode, bytes, res.Headers);
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Build(HttpMethod method, string pathAndQuery, byte[]? body)
    {
        if (_config.Datacenter.Length > 0 && !pathAndQuery.Contains("dc=", StringComparison.Ordinal))
        {
            pathAndQuery += (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "dc=" + Uri.EscapeDataString(_config.Datacenter);
        }

        var req = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        if (_config.Token.Length > 0)
        {
            req.Headers.Add("X-Consul-Token", _config.Token);
        }

        if (body is not null)
        {
            req.Content = new ByteArrayContent(body);
            req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        return req;
    }

    private static string Describe(HttpRequestException ex)
    {
        var sb = new StringBuilder();
        if (ex.InnerException is System.Net.Sockets.SocketException se)
        {
            sb.Append("dial tcp: ").Append(se.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionRefused ? "connect: connection refused" : se.Message);
        }
        else
        {
            sb.Append(ex.Message);
        }

        return sb.ToString();
    }
}
