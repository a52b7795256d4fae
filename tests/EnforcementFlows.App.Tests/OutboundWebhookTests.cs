using System.Net;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

public sealed class OutboundWebhookFixture : IAsyncLifetime
{
    public EnforcementReceiver Receiver { get; private set; } = null!;
    public AppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await EnforcementReceiver.StartAsync();
        App = new WithReceiver(Receiver.Url);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    private sealed class WithReceiver(string url) : AppFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings =>
        [
            ("EnforcementFlows:Enforcement:WebhookUrl", url),
            ("EnforcementFlows:Enforcement:WebhookSecret", EnforcementReceiver.Secret),
        ];
    }
}

/// <summary>The outbound enforcement webhook against a real local HTTP receiver that fails the first attempts.</summary>
public sealed class OutboundWebhookTests(OutboundWebhookFixture fixture) : IClassFixture<OutboundWebhookFixture>
{
    [Fact]
    public async Task Action_is_delivered_signed_with_one_idempotency_key_retried_until_confirmed_and_applied_once()
    {
        using var client = fixture.App.ClientWithKey(null);
        var response = await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-out", "acct-out", 1.0)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var result = await fixture.App.CaseClosedAsync("acct-out");
        Assert.Equal("enforced", result.GetProperty("status").GetString());

        var attempts = fixture.Receiver.Attempts.Where(a => a.Payload?.AccountId == "acct-out").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        var key = Assert.Single(attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.All(attempts, a => Assert.Equal(key, a.Payload!.IdempotencyKey));
        Assert.All(attempts, a => Assert.Equal(key, a.WebhookId));
        Assert.Equal([503, 503, 200], attempts.Select(a => a.Status));
        Assert.Equal(1, fixture.Receiver.Effects[key!]);
        Assert.Equal("restrict", attempts[^1].Payload!.Action);

        using var analyst = fixture.App.ClientWithKey(AppFactory.AnalystKey);
        var view = JsonDocument.Parse(await analyst.GetStringAsync($"/api/cases/{result.GetProperty("caseId").GetString()}")).RootElement;
        var kinds = view.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "action_failed"));
        Assert.Single(kinds, k => k == "action_applied");
    }
}
