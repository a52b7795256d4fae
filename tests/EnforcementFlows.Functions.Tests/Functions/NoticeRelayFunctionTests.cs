using System.Text;
using EnforcementFlows.App.Transparency;
using EnforcementFlows.Enforcement.Notices;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Functions.Notices;
using EnforcementFlows.Functions.Tests.Infrastructure;
using EnforcementFlows.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// The notice timer posts the queued outcome notices to a real local webhook receiver, signed, once; a failing endpoint leaves
/// them queued; another process holding the lease means no delivery; without a webhook nothing is sent.
/// </summary>
public sealed class NoticeRelayFunctionTests
{
    [Fact]
    public async Task A_queued_notice_is_delivered_once_signed_with_its_id_as_idempotency_key()
    {
        await using var receiver = await NoticeReceiver.StartAsync();
        await using var host = await WebhookHost.StartAsync(receiver.Url);
        var notice = await QueueAsync(host, "case_fn_1");
        var function = ActivatorUtilities.CreateInstance<NoticeRelayFunction>(host.Services);

        Assert.Equal(1, await function.Run(new TimerInfo(), CancellationToken.None));
        var delivery = Assert.Single(receiver.Deliveries);
        Assert.True(delivery.SignatureValid);
        Assert.Equal(notice.NoticeId, delivery.WebhookId);
        Assert.Equal(notice.NoticeId, delivery.IdempotencyKey);
        Assert.Contains("\"type\":\"enforcement.outcome_notice\"", delivery.Body);
        Assert.NotNull(Assert.Single(await host.Services.GetRequiredService<NoticeOutbox>().ForCaseAsync("case_fn_1", CancellationToken.None)).SentAt);

        // Sent notices are not delivered again.
        Assert.Equal(0, await function.Run(new TimerInfo(), CancellationToken.None));
        Assert.Single(receiver.Deliveries);
    }

    [Fact]
    public async Task A_failing_endpoint_leaves_the_notice_queued_for_a_retry()
    {
        await using var receiver = await NoticeReceiver.StartAsync();
        receiver.Status = 503;
        await using var host = await WebhookHost.StartAsync(receiver.Url);
        await QueueAsync(host, "case_fn_2");

        Assert.Equal(0, await ActivatorUtilities.CreateInstance<NoticeRelayFunction>(host.Services).Run(new TimerInfo(), CancellationToken.None));
        Assert.Single(receiver.Deliveries);
        var queued = Assert.Single(await host.Services.GetRequiredService<NoticeOutbox>().ForCaseAsync("case_fn_2", CancellationToken.None));
        Assert.Null(queued.SentAt);
        Assert.Equal(1, queued.Attempts);
        // Not due before its retry time (1 s), so the next tick does not post it again at once.
        Assert.Empty(await host.Services.GetRequiredService<NoticeOutbox>().DueAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task The_lease_held_by_another_process_means_no_delivery()
    {
        await using var receiver = await NoticeReceiver.StartAsync();
        await using var host = await WebhookHost.StartAsync(receiver.Url);
        await QueueAsync(host, "case_fn_3");
        // Another process's lease table handle: a different holder on the same database.
        var other = new JobLeases(host.Services.GetRequiredService<IDomainDatabase>(), TimeProvider.System);
        Assert.True(await other.TryTakeAsync(NoticeDelivery.LeaseName, TimeSpan.FromMinutes(1), CancellationToken.None));

        Assert.Equal(0, await ActivatorUtilities.CreateInstance<NoticeRelayFunction>(host.Services).Run(new TimerInfo(), CancellationToken.None));
        Assert.Empty(receiver.Deliveries);
        Assert.Null(Assert.Single(await host.Services.GetRequiredService<NoticeOutbox>().ForCaseAsync("case_fn_3", CancellationToken.None)).SentAt);
    }

    [Fact]
    public async Task Without_a_webhook_the_timer_sends_nothing_and_the_queue_stays()
    {
        var host = new FunctionsHostFixture();
        await host.InitializeAsync();
        try
        {
            await QueueAsync(host, "case_fn_4");
            Assert.False(host.Services.GetRequiredService<NoticeDelivery>().Configured);
            Assert.Equal(0, await ActivatorUtilities.CreateInstance<NoticeRelayFunction>(host.Services).Run(new TimerInfo(), CancellationToken.None));
            Assert.Null(Assert.Single(await host.Services.GetRequiredService<NoticeOutbox>().ForCaseAsync("case_fn_4", CancellationToken.None)).SentAt);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Queues a reporter's notice the way the domain does (ReporterNotices.Queue's row), committed.</summary>
    private static async Task<OutcomeNotice> QueueAsync(FunctionsHostFixture host, string caseId)
    {
        var now = DateTimeOffset.UtcNow;
        var notice = new OutcomeNotice
        {
            NoticeId = OutcomeNotice.IdFor("reporter", "rep-1", caseId),
            RecipientKind = "reporter",
            RecipientId = "rep-1",
            CaseId = caseId,
            Concerning = "case",
            Decision = "no_action",
            DecidedAt = now,
        };
        await host.Services.GetRequiredService<IDomainDatabase>().RunInTransactionAsync(tx =>
        {
            tx.Defer("INSERT INTO ef_notices (notice_id, case_id, recipient_kind, recipient_id, body, created_at) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)",
                notice.NoticeId, caseId, notice.RecipientKind, notice.RecipientId, Encoding.UTF8.GetString(notice.ToUtf8Json()), now.ToUnixTimeMilliseconds());
            return true;
        }, CancellationToken.None);
        return notice;
    }

    /// <summary>The Functions app's services with the platform webhook configured (the receiver's URL and secret).</summary>
    private sealed class WebhookHost(string url) : FunctionsHostFixture, IAsyncDisposable
    {
        public static async Task<WebhookHost> StartAsync(string url)
        {
            var host = new WebhookHost(url);
            await host.InitializeAsync();
            return host;
        }

        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
        [
            new("EnforcementFlows:Enforcement:WebhookUrl", url),
            new("EnforcementFlows:Enforcement:WebhookSecret", NoticeReceiver.Secret),
        ];

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
