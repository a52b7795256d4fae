using System.Net.Http.Headers;
using System.Text;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.Enforcement.Notices;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Transparency;

/// <summary>
/// Delivers queued outcome notices to the platform's endpoint (<c>Enforcement:WebhookUrl</c>, the one that takes actions), signed the
/// Standard Webhooks way with the notice id as webhook-id and Idempotency-Key, so a redelivery is the same message; the platform
/// forwards each to its recipient. One process at a time (job lease). Without a webhook (the built-in account store) the queue is
/// the record and nothing is sent.
/// </summary>
internal sealed class NoticeRelay(NoticeOutbox outbox, JobLeases leases, IOptions<EnforcementGatewayOptions> gateway, TimeProvider time, ILogger<NoticeRelay> logger)
    : BackgroundService
{
    public const string LeaseName = "outcome-notices";

    public static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = gateway.Value;
        using var http = new HttpClient { Timeout = o.Timeout };
        var signer = new OutboundWebhookSigner(WebhookSecret.Parse(o.WebhookSecret!), time);
        var endpoint = new Uri(o.WebhookUrl!);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await leases.TryTakeAsync(LeaseName, TimeSpan.FromSeconds(30) + o.Timeout, stoppingToken))
                {
                    foreach (var notice in await outbox.DueAsync(50, stoppingToken))
                    {
                        await DeliverAsync(http, signer, endpoint, notice, stoppingToken);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.NoticePassFailed(logger, ex.GetType().Name);
            }
            await Task.Delay(Idle, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task DeliverAsync(HttpClient http, OutboundWebhookSigner signer, Uri endpoint, QueuedNotice notice, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(notice.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in signer.Sign(notice.NoticeId, body).AsDictionary())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("Idempotency-Key", notice.NoticeId);
        string? error;
        try
        {
            using var response = await http.SendAsync(request, ct);
            error = response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = ex.GetType().Name;
        }
        if (error is null)
        {
            await outbox.MarkSentAsync(notice.NoticeId, ct);
            return;
        }
        var retry = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(notice.Attempts, 20)), 300));
        await outbox.MarkFailedAsync(notice.NoticeId, retry, error, ct);
        Log.NoticeFailed(logger, notice.NoticeId, error, (long)retry.TotalMilliseconds);
    }
}
