using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnforcementFlows.App.Tests;

/// <summary>The shipped policy's real deadlines (30 min, 2 h, 12 h for threats), driven by a manual clock instead of sleeps.</summary>
public sealed class ManualClockApprovals : AppFactory
{
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public ConcurrentQueue<ApprovalEmail> Emails { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.RemoveAll<IApprovalNotifier>();
        services.AddSingleton<IApprovalNotifier>(new Recorder(Emails));
    }

    private sealed class Recorder(ConcurrentQueue<ApprovalEmail> sink) : IApprovalNotifier
    {
        public Task SendAsync(ApprovalEmail email, CancellationToken cancellation)
        {
            sink.Enqueue(email);
            return Task.CompletedTask;
        }
    }
}

public sealed class ApprovalDeadlineTests(ManualClockApprovals app) : IClassFixture<ManualClockApprovals>
{
    private async Task<int> Emails(ApprovalEmailKind kind, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var count = app.Emails.Count(e => e.AccountId == "acct-clock" && e.Kind == kind);
            if (count >= atLeast)
            {
                return count;
            }
            await Task.Delay(25);
        }
        return app.Emails.Count(e => e.AccountId == "acct-clock" && e.Kind == kind);
    }

    /// <summary>Moves the clock in small steps, letting the worker react between them, as real time would.</summary>
    private async Task Pass(TimeSpan span)
    {
        var step = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, span.Ticks / 200));
        for (var passed = TimeSpan.Zero; passed < span; passed += step)
        {
            app.Clock.Advance(step);
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Reminder_at_30_min_escalation_at_2_h_and_the_timeout_outcome_at_12_h()
    {
        using (var client = app.ClientWithKey(null))
        {
            var sent = await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-clock", "acct-clock", 1.0, "violent_threat"),
                at: app.Clock.GetUtcNow()));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        // Let the case collect (2 s window) and ask for approval; a second of clock per step.
        for (var i = 0; i < 400 && app.Emails.Count(e => e.AccountId == "acct-clock") < 2; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(25);
        }
        Assert.Equal(2, await Emails(ApprovalEmailKind.Request, 2));

        await Pass(TimeSpan.FromMinutes(29));
        await Task.Delay(500);
        Assert.Equal(0, app.Emails.Count(e => e.AccountId == "acct-clock" && e.Kind == ApprovalEmailKind.Reminder));
        await Pass(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await Emails(ApprovalEmailKind.Reminder, 2));
        Assert.Equal(0, app.Emails.Count(e => e.AccountId == "acct-clock" && e.Kind == ApprovalEmailKind.Escalation));

        await Pass(TimeSpan.FromMinutes(90));
        Assert.Equal(2, await Emails(ApprovalEmailKind.Escalation, 2));
        Assert.All(app.Emails.Where(e => e.Kind == ApprovalEmailKind.Escalation), e => Assert.DoesNotContain("tns-reviewer", e.To));

        await Pass(TimeSpan.FromHours(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await app.Durable.GetInstanceAsync("case:acct-clock"))!.Status.ToString().Equals("Completed", StringComparison.Ordinal))
        {
            await Pass(TimeSpan.FromMinutes(1));
            timeout.Token.ThrowIfCancellationRequested();
        }
        var result = (await app.Durable.GetInstanceAsync("case:acct-clock"))!.ReadOutputAs<JsonElement>();
        Assert.Equal("restrict", result.GetProperty("action").GetString()); // violent_threat's timeout outcome
    }
}
