using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

/// <summary>Every intake error gets the right problem status and leaves nothing behind.</summary>
public sealed class IntakeTests(AppFactory app) : IntakeTests<AppFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresIntakeTests(PostgresAppFactory app) : IntakeTests<PostgresAppFactory>(app);

public abstract class IntakeTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        using var client = app.ClientWithKey(null);
        return await client.SendAsync(request);
    }

    private async Task<bool> Stored(string signalId, string kind = "reports")
    {
        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        return (await analyst.GetAsync($"/api/{kind}/{signalId}")).StatusCode == HttpStatusCode.OK;
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_report_is_accepted_with_the_location_of_its_signal()
    {
        var response = await Send(WebhookSender.Signed("/api/reports", WebhookSender.Report("r-ok", "acct-intake-ok")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/reports/r-ok", response.Headers.Location?.ToString());
        Assert.True(await Stored("r-ok"));
    }

    [Fact]
    public async Task Forged_signature_is_401_and_stores_nothing()
    {
        var request = WebhookSender.Signed("/api/reports", WebhookSender.Report("r-forged", "acct-x"), secret: "whsec_" + Convert.ToBase64String(new byte[32]));
        await AssertProblem(await Send(request), HttpStatusCode.Unauthorized);
        Assert.False(await Stored("r-forged"));
    }

    [Fact]
    public async Task Missing_signature_headers_are_400()
    {
        var request = WebhookSender.Signed("/api/reports", WebhookSender.Report("r-nohdr", "acct-x"));
        request.Headers.Remove("webhook-signature");
        await AssertProblem(await Send(request), HttpStatusCode.BadRequest);
        Assert.False(await Stored("r-nohdr"));
    }

    [Fact]
    public async Task Unknown_named_source_is_401()
    {
        var request = WebhookSender.Signed("/api/reports", WebhookSender.Report("r-src", "acct-x"));
        request.Headers.Add("EF-Source", "nobody");
        await AssertProblem(await Send(request), HttpStatusCode.Unauthorized);
        Assert.False(await Stored("r-src"));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Timestamp_outside_five_minutes_either_way_is_401(int minutes)
    {
        var request = WebhookSender.Signed("/api/reports", WebhookSender.Report($"r-ts{minutes}", "acct-x"), at: DateTimeOffset.UtcNow.AddMinutes(minutes));
        await AssertProblem(await Send(request), HttpStatusCode.Unauthorized);
        Assert.False(await Stored($"r-ts{minutes}"));
    }

    [Fact]
    public async Task Replayed_webhook_id_is_acknowledged_without_a_second_effect_and_a_changed_body_is_409()
    {
        var first = await Send(WebhookSender.Signed("/api/reports", WebhookSender.Report("r-replay", "acct-replay"), webhookId: "msg_replay"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var again = await Send(WebhookSender.Signed("/api/reports", WebhookSender.Report("r-replay", "acct-replay"), webhookId: "msg_replay"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync());
        var closed = await app.CaseClosedAsync("acct-replay");
        using (var analyst = app.ClientWithKey(AppFactory.AnalystKey))
        {
            var view = await analyst.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/cases/{closed.GetProperty("caseId").GetString()}");
            Assert.Single(view.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "signal_received");
        }
        Assert.Equal(1, Convert.ToInt64(app.SqlBehindTheAppsBack("SELECT COUNT(*) FROM ef_workflow_outbox WHERE subject = 'acct-replay'")));

        var changed = await Send(WebhookSender.Signed("/api/reports", WebhookSender.Report("r-replay", "acct-replay", text: "different"), webhookId: "msg_replay"));
        await AssertProblem(changed, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_array_of_flags_spanning_several_statements_is_stored_once_and_replays_and_conflicts_like_one_signal()
    {
        // 120 flags: more than two multi-row statements' worth; three are confident enough to open cases at once.
        // One account each, so no account's weak flags add up to what a sweep (running any time) would act on.
        var flags = Enumerable.Range(0, 120).Select(i => WebhookSender.Flag($"f-array-{i:000}", $"acct-array-{i:000}", i < 3 ? 0.99 : 0.2)).ToList();
        var body = "[" + string.Join(",", flags) + "]";
        Assert.Equal(HttpStatusCode.Accepted, (await Send(WebhookSender.Signed("/api/flags", body, webhookId: "msg_array"))).StatusCode);
        Assert.Equal(120L, Convert.ToInt64(app.SqlBehindTheAppsBack("SELECT COUNT(*) FROM ef_signals WHERE signal_id LIKE 'f-array-%'")));
        Assert.Equal(117L, Convert.ToInt64(app.SqlBehindTheAppsBack("SELECT COUNT(*) FROM ef_signals WHERE signal_id LIKE 'f-array-%' AND held = 1")));
        Assert.True(await Stored("f-array-119", "flags"));

        var again = await Send(WebhookSender.Signed("/api/flags", body, webhookId: "msg_array"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync());

        // A new webhook whose last flag (in the third statement) was stored with other content: nothing of it is kept.
        var changed = Enumerable.Range(0, 120).Select(i => i == 119
            ? WebhookSender.Flag("f-array-119", "acct-array-0", 0.5)
            : WebhookSender.Flag($"f-array-new-{i:000}", "acct-array-new", 0.2));
        await AssertProblem(await Send(WebhookSender.Signed("/api/flags", "[" + string.Join(",", changed) + "]", webhookId: "msg_array_2")), HttpStatusCode.Conflict);
        Assert.Equal(0L, Convert.ToInt64(app.SqlBehindTheAppsBack("SELECT COUNT(*) FROM ef_signals WHERE signal_id LIKE 'f-array-new-%'")));
    }

    [Fact]
    public async Task Body_over_the_limit_is_413_before_parsing()
    {
        var huge = "{\"x\":\"" + new string('a', 1024 * 1024 + 10) + "\"}";
        await AssertProblem(await Send(WebhookSender.Signed("/api/reports", huge)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Malformed_and_too_deep_json_is_400()
    {
        await AssertProblem(await Send(WebhookSender.Signed("/api/reports", "{\"reportId\": ")), HttpStatusCode.BadRequest);
        var deep = new string('[', 40) + new string(']', 40);
        await AssertProblem(await Send(WebhookSender.Signed("/api/flags", deep)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
        => await AssertProblem(await Send(WebhookSender.Signed("/api/reports", WebhookSender.Report("r-ct", "a"), contentType: "text/plain")), HttpStatusCode.UnsupportedMediaType);

    [Fact]
    public async Task Invalid_fields_are_422_naming_every_field()
    {
        var response = await Send(WebhookSender.Signed("/api/flags", """{"flagId":"f-bad","detector":"d","category":"nonsense","confidence":1.5}"""));
        await AssertProblem(response, HttpStatusCode.UnprocessableEntity);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith("accountId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("category", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("confidence", StringComparison.Ordinal));
    }
}
