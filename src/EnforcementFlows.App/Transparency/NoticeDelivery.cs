using System.Net.Http.Headers;
using System.Text;
using EnforcementFlows.App.Hosting;
using EnforcementFlows.Enforcement.Notices;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Transparency;

/// <summary>What one delivery pass did: whether it held the lease, how many notices were sent and how many stay queued.</summary>
public readonly record struct NoticePass(bool Leased, int Sent, int Failed);

/// <summary>
/// One delivery pass of the queued outcome notices, shared by the self-host's <see cref="NoticeRelay"/> loop and the Functions
/// app's timer: take the <c>outcome-notices</c> lease, post up to <see cref="BatchSize"/> due notices to the platform's endpoint
/// (<c>Enforcement:WebhookUrl</c>, the one that takes actions), signed the Standard Webhooks way with the notice id as webhook-id
/// and Idempotency-Key, so a redelivery is the same message; the platform forwards each to its recipient. Without a webhook (the
/// built-in account store) the queue is the record: a pass sends nothing and takes no lease.
/// </summary>
public sealed class NoticeDelivery : IDisposable
{
    public const string LeaseName = "outcome-notices";

    public const int BatchSize = 50;

    private readonly NoticeOutbox outbox;
    private readonly JobLeases leases;
    private readonly ILogger<NoticeDelivery> logger;
    private readonly TimeSpan lease;
    private readonly HttpClient? http;
    private readonly OutboundWebhookSigner? signer;
    private readonly Uri? endpoint;

    public NoticeDelivery(NoticeOutbox outbox, JobLeases leases, IOptions<EnforcementGatewayOptions> gateway, TimeProvider time, ILogger<NoticeDelivery> logger)
    {
        this.outbox = outbox;
        this.leases = leases;
        this.logger = logger;
        var o = gateway.Value;
        // Long enough for a whole batch's slowest request to time out before another process may take over.
        lease = TimeSpan.FromSeconds(30) + o.Timeout;
        if (o.WebhookUrl is { Length: > 0 })
        {
            http = new HttpClient { Timeout = o.Timeout };
            signer = new OutboundWebhookSigner(WebhookSecret.Parse(o.WebhookSecret!), time);
            endpoint = new Uri(o.WebhookUrl);
        }
    }

    /// <summary>False with the built-in account store: nothing to deliver to.</summary>
    public bool Configured => endpoint is not null;

    /// <summary>Takes the lease (renewing it when this process holds it) and delivers the due notices; another holder means no delivery.</summary>
    public async Task<NoticePass> RunOnceAsync(CancellationToken ct)
    {
        if (http is null || signer is null || endpoint is null || !await leases.TryTakeAsync(LeaseName, lease, ct))
        {
            return new NoticePass(false, 0, 0);
        }
        int sent = 0, failed = 0;
        foreach (var notice in await outbox.DueAsync(BatchSize, ct))
        {
            if (await DeliverAsync(http, signer, endpoint, notice, ct))
            {
                sent++;
            }
            else
            {
                failed++;
            }
        }
        return new NoticePass(true, sent, failed);
    }

    private async Task<bool> DeliverAsync(HttpClient client, OutboundWebhookSigner webhookSigner, Uri url, QueuedNotice notice, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(notice.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in webhookSigner.Sign(notice.NoticeId, body).AsDictionary())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation("Idempotency-Key", notice.NoticeId);
        string? error;
        try
        {
            using var response = await client.SendAsync(request, ct);
            error = response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = ex.GetType().Name;
        }
        if (error is null)
        {
            await outbox.MarkSentAsync(notice.NoticeId, ct);
            return true;
        }
        var retry = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(notice.Attempts, 20)), 300));
        await outbox.MarkFailedAsync(notice.NoticeId, retry, error, ct);
        Log.NoticeFailed(logger, notice.NoticeId, error, (long)retry.TotalMilliseconds);
        return false;
    }

    public void Dispose() => http?.Dispose();
}
