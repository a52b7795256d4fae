using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

public class FastSweeps : AppFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("EnforcementFlows:Sweeps:Interval", "00:00:01")];
}

public sealed class PostgresFastSweeps : FastSweeps
{
    protected override bool OnPostgres => true;
}

/// <summary>Weak flags wait for the sweep, which opens a case only where the evidence adds up.</summary>
public sealed class SweepTests(FastSweeps app) : SweepTests<FastSweeps>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresSweepTests(PostgresFastSweeps app) : SweepTests<PostgresFastSweeps>(app);

public abstract class SweepTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : FastSweeps
{
    [Fact]
    public async Task Weak_flags_are_held_and_a_sweep_opens_a_case_only_for_the_account_whose_evidence_adds_up()
    {
        using var client = app.ClientWithKey(null);
        foreach (var (id, account, confidence) in new[] { ("fs-1", "acct-sweep", 0.4), ("fs-2", "acct-sweep", 0.45), ("fs-3", "acct-sweep", 0.35), ("fq-1", "acct-quiet", 0.3) })
        {
            var sent = await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag(id, account, confidence, detector: "d-" + id)));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement swept = default;
        while (DateTime.UtcNow < deadline)
        {
            swept = await analyst.GetFromJsonAsync<JsonElement>("/api/flags/fs-1");
            if (swept.GetProperty("caseId").ValueKind == JsonValueKind.String)
            {
                break;
            }
            await Task.Delay(200);
        }
        var caseId = swept.GetProperty("caseId").GetString();
        Assert.NotNull(caseId);
        Assert.False(swept.GetProperty("heldForSweep").GetBoolean());
        Assert.Equal(caseId, (await analyst.GetFromJsonAsync<JsonElement>("/api/flags/fs-3")).GetProperty("caseId").GetString());

        var quiet = await analyst.GetFromJsonAsync<JsonElement>("/api/flags/fq-1");
        Assert.True(quiet.GetProperty("heldForSweep").GetBoolean());
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("caseId").ValueKind);
        Assert.Null(await app.Durable.GetInstanceAsync(EnforcementFlows.Workflows.WorkflowNames.CaseInstanceId("acct-quiet")));

        var sweeps = await analyst.GetFromJsonAsync<JsonElement>("/api/sweeps");
        Assert.Contains(sweeps.EnumerateArray(), s => s.GetProperty("casesStarted").EnumerateArray().Any(a => a.GetString() == "acct-sweep"));
        Assert.All(sweeps.EnumerateArray(), s => Assert.True(s.GetProperty("accountsSeen").GetInt32() >= 0));
    }
}
