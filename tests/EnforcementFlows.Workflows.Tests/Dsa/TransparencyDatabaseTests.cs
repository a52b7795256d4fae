using System.Net;
using System.Text.Json;
using EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;
using EnforcementFlows.Workflows.Tests.Engine;

namespace EnforcementFlows.Workflows.Tests.Dsa;

/// <summary>
/// The connector against the stand-in, which validates every batch against infra/transparency-database/statements.schema.json.
/// Each test has its own service and stand-in (the connector runs continuously, so scenarios must not share one).
/// </summary>
public static class Tdb
{
    /// <param name="alreadySent">The test posted the account's signals itself.</param>
    public static async Task<string> EnforceAsync(TaskHubAppFactory app, string account, string category = "spam", bool alreadySent = false)
    {
        if (!alreadySent)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-" + account, account, 1.0, category))).StatusCode);
        }
        var found = await app.UntilAsync($"/api/accounts/{account}", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);
        var caseId = found.GetProperty("cases")[0].GetProperty("caseId").GetString();
        var view = await app.GetJsonAsync($"/api/cases/{caseId}");
        return view.GetProperty("timeline").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "action_applied")
            .GetProperty("data").GetProperty("statementId").GetString()!;
    }

    public static Task<JsonElement> UntilStateAsync(TaskHubAppFactory app, Func<JsonElement, bool> done) => app.UntilAsync("/api/transparency", done);
}

public sealed class TransparencyDatabaseSubmissionTests(TdbAppFactory app) : IClassFixture<TdbAppFactory>
{
    [Fact]
    public async Task A_statement_is_submitted_in_the_databases_schema_with_the_bearer_token_and_the_token_is_never_logged()
    {
        var id = await Tdb.EnforceAsync(app, "acct-tdb-1");

        var stored = await Polling.Eventually(() => Task.FromResult(app.Database.Stored.TryGetValue(id, out var s) ? s : (JsonElement?)null), s => s is not null);
        Assert.NotNull(stored);
        Assert.Empty(TransparencySchema.Errors(TransparencySchema.Statement, stored.Value));
        Assert.Equal("DECISION_PROVISION_PARTIAL_SUSPENSION", stored.Value.GetProperty("decision_provision").GetString());
        Assert.Equal("Yes", stored.Value.GetProperty("automated_detection").GetString());
        Assert.Equal("AUTOMATED_DECISION_FULLY", stored.Value.GetProperty("automated_decision").GetString());
        Assert.Equal("SOURCE_VOLUNTARY", stored.Value.GetProperty("source_type").GetString());
        Assert.DoesNotContain("acct-tdb-1", stored.Value.GetRawText(), StringComparison.Ordinal); // no account id in a public database
        Assert.All(app.Database.Calls.Where(c => c.Status == 201), c => Assert.Equal("Bearer " + TransparencyStandIn.Token, c.Authorization));

        var report = await Tdb.UntilStateAsync(app, r => r.GetProperty("statements").TryGetProperty("submitted", out var n) && n.GetInt64() >= 1);
        Assert.True(report.GetProperty("enabled").GetBoolean());
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(TransparencyStandIn.Token, StringComparison.Ordinal) || l.Contains("tdb-stand-in-token", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains(" 2501: Transparency Database: 1 statements submitted", StringComparison.Ordinal));
    }
}

public sealed class TransparencyDatabaseRetryTests(TdbAppFactory app) : IClassFixture<TdbAppFactory>
{
    [Fact]
    public async Task A_failed_batch_is_retried_a_429_is_honoured_and_a_lost_answer_is_recognised_by_puid()
    {
        app.Database.Scripted.Enqueue((500, null));
        app.Database.Scripted.Enqueue((429, 2));
        app.Database.LoseAnswers = 1;

        var id = await Tdb.EnforceAsync(app, "acct-tdb-2");
        await Tdb.UntilStateAsync(app, r => r.GetProperty("statements").TryGetProperty("submitted", out var n) && n.GetInt64() == 1);

        var calls = app.Database.Calls.Where(c => c.Puids.Contains(id)).ToList();
        Assert.Equal([500, 429, 502, 422], calls.Select(c => c.Status));
        // Retry-After: 2 → the next call at least 2 s after the 429 (less a little clock rounding between processes' timestamps).
        Assert.True(calls[2].At - calls[1].At >= TimeSpan.FromSeconds(1.9), $"retried {(calls[2].At - calls[1].At).TotalMilliseconds} ms after the 429");
        Assert.True(app.Database.Stored.ContainsKey(id)); // stored once, by the call whose answer was lost
        Assert.Contains(app.Logs.Lines, l => l.Contains(" 2504: ", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Contains(" 2502: Transparency Database: 1 statements were already there", StringComparison.Ordinal));
    }
}

public sealed class TransparencyDatabaseRejectionTests(TdbAppFactory app) : IClassFixture<TdbAppFactory>
{
    [Fact]
    public async Task A_rejected_statement_is_reported_with_the_reason_and_the_rest_of_its_batch_is_resubmitted()
    {
        app.Database.Refuse = s => s.GetProperty("category").GetString() == "STATEMENT_CATEGORY_SCAMS_AND_FRAUD" ? "category refused by the stand-in" : null;
        // Hold the first batch back until both statements are queued, so one batch carries both.
        app.Database.Scripted.Enqueue((503, null));

        var refused = await Tdb.EnforceAsync(app, "acct-tdb-3a", "scam_fraud");
        var accepted = await Tdb.EnforceAsync(app, "acct-tdb-3b", "spam");

        var report = await Tdb.UntilStateAsync(app, r => r.GetProperty("statements").TryGetProperty("submitted", out var n) && n.GetInt64() == 1
            && r.GetProperty("statements").TryGetProperty("rejected", out var m) && m.GetInt64() == 1);
        var rejected = Assert.Single(report.GetProperty("rejected").EnumerateArray());
        Assert.Equal(refused, rejected.GetProperty("statementId").GetString());
        Assert.Contains("category refused by the stand-in", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(app.Database.Stored.ContainsKey(accepted));
        Assert.False(app.Database.Stored.ContainsKey(refused));
        Assert.Contains(app.Logs.Lines, l => l.Contains(" 2503: Transparency Database rejected statement " + refused, StringComparison.Ordinal));
    }
}
