using System.Globalization;
using System.Net;
using System.Text;
using ConsulSharp.Core.Structs;

namespace ConsulSharp.Agent.Checks;

/// <summary>
/// HTTP check: 2xx passing, 429 warning, anything else (or no answer) critical. Redirects are followed (up to 10, as
/// Go's client) unless <c>DisableRedirects</c>. Output <c>HTTP GET &lt;url&gt;: 200 OK Output: &lt;body&gt;</c>, the body
/// read up to the output limit. Default timeout 10 s.
/// </summary>
internal sealed class HttpCheck : IntervalCheck
{
    private readonly HttpClient _client;

    public HttpCheck(CheckContext context)
        : base(context, TimeSpan.FromSeconds(10))
    {
        var def = context.Definition;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = !def.DisableRedirects,
            MaxAutomaticRedirections = 10,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        if (def.TlsSkipVerify)
        {
#pragma warning disable CA5359 // TLSSkipVerify: the check definition asked not to verify
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, errors) => true;
#pragma warning restore CA5359
        }

        if (def.TlsServerName.Length > 0)
        {
            handler.SslOptions.TargetHost = def.TlsServerName;
        }

        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    protected override async Task<CheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var def = Context.Definition;
        var method = def.Method.Length > 0 ? def.Method : "GET";
        using var req = new HttpRequestMessage(new HttpMethod(method), def.Http);
        var userAgent = false;
        var accept = false;
        foreach (var (name, values) in def.Header)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) && values.Count > 0)
            {
                req.Headers.Host = values[0];
                continue;
            }

            userAgent |= name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase);
            accept |= name.Equals("Accept", StringComparison.OrdinalIgnoreCase);
            req.Headers.TryAddWithoutValidation(name, values);
        }

        if (!userAgent)
        {
            req.Headers.TryAddWithoutValidation("User-Agent", "Consul Health Check");
        }

        if (!accept)
        {
            req.Headers.TryAddWithoutValidation("Accept", "text/plain, text/*, */*");
        }

        if (def.Body.Length > 0)
        {
            req.Content = new StringContent(def.Body, Encoding.UTF8);
            req.Content.Headers.ContentType = null;
        }

        HttpResponseMessage res;
        try
        {
            res = await _client.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return new CheckResult(HealthStatus.Critical, $"{method} {def.Http}: {ex.Message}");
        }

        using (res)
        {
            var max = Context.MaxOutput;
            var buffer = new byte[max];
            var read = 0;
            var stream = await res.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int n;
                while (read < max && (n = await stream.ReadAsync(buffer.AsMemory(read, max - read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }
            }

            var code = (int)res.StatusCode;
            var statusText = string.Create(CultureInfo.InvariantCulture, $"{code} {res.ReasonPhrase ?? ReasonPhrase(res.StatusCode)}");
            var output = $"HTTP {method} {def.Http}: {statusText} Output: {Encoding.UTF8.GetString(buffer, 0, read)}";
            var status = code is >= 200 and <= 299 ? HealthStatus.Passing
                : res.StatusCode == HttpStatusCode.TooManyRequests ? HealthStatus.Warning
                : HealthStatus.Critical;
            return new CheckResult(status, output);
        }
    }

    protected override ValueTask ReleaseResourcesAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string ReasonPhrase(HttpStatusCode code) => code.ToString();
}
