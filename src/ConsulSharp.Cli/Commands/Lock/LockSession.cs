using System.Text;
using System.Text.Json;
using ConsulSharp.Client;

namespace ConsulSharp.Cli.Commands.Lock;

/// <summary>
/// The session behind a lock or semaphore, as Go's api creates it: a TTL of 15 s renewed every half TTL until the
/// holder stops, then destroyed (<c>Session.RenewPeriodic</c>).
/// </summary>
internal sealed class LockSession : IAsyncDisposable
{
    public const string DefaultTtl = "15s";
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(7.5);
    private readonly ConsulHttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private Task? _renew;

    private LockSession(ConsulHttpClient client, string id)
    {
        _client = client;
        Id = id;
    }

    public string Id { get; }

    public static async Task<LockSession> CreateAsync(ConsulHttpClient client, string name, CancellationToken ct)
    {
        var body = "{\"Name\":" + Kv.KvApi.GoJsonString(name) + ",\"TTL\":\"" + DefaultTtl + "\"}";
        var res = await client.PutAsync("/v1/session/create", Encoding.UTF8.GetBytes(body), ct).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(res.Body);
        var session = new LockSession(client, doc.RootElement.GetProperty("ID").GetString() ?? "");
        session._renew = session.RenewLoopAsync();
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_renew is not null)
        {
            await _renew.ConfigureAwait(false);
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _client.PutAsync("/v1/session/destroy/" + Id, null, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConsulApiException or OperationCanceledException)
        {
            // Best effort, as RenewPeriodic's destroy: the TTL cleans up otherwise.
        }

        _stop.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(RenewEvery, _stop.Token).ConfigureAwait(false);
                try
                {
                    await _client.PutAsync("/v1/session/renew/" + Id, null, _stop.Token).ConfigureAwait(false);
                }
                catch (ConsulApiException ex) when (ex.StatusCode == 404)
                {
                    return;
                }
                catch (ConsulApiException)
                {
                    // Transient: try again at the next period.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
