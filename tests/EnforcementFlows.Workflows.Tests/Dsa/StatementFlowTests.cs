using System.Net;
using System.Text.Json;
using EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;
using EnforcementFlows.Workflows.Tests.Engine;

namespace EnforcementFlows.Workflows.Tests.Dsa;

/// <summary>An applied action's statement of reasons, end to end on the SDK engine: webhook, store, API.</summary>
public sealed class StatementFlowTests(DsaAppFactory app) : IClassFixture<DsaAppFactory>
{
    [Fact]
    public async Task An_automatic_action_carries_its_statement_in_the_signed_webhook_and_the_api_serves_the_same_statement()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-sor-1", "acct-sor-1", 1.0))).StatusCode);

        var delivery = await Polling.Eventually(() => Task.FromResult(app.Platform.OfType("enforcement.action").FirstOrDefault(d =>
            d.Body.GetProperty("accountId").GetString() == "acct-sor-1")), d => d is not null);
        Assert.NotNull(delivery);
        Assert.True(delivery.SignatureValid);
        var statement = delivery.Body.GetProperty("statement");
        var id = statement.GetProperty("statementId").GetString()!;
        Assert.StartsWith("sor_", id, StringComparison.Ordinal);
        Assert.True(statement.GetProperty("automatedDetection").GetBoolean());
        Assert.True(statement.GetProperty("automatedDecision").GetBoolean());
        Assert.Equal("automatic", statement.GetProperty("decisionPath").GetString());
        Assert.Equal(["spam"], statement.GetProperty("facts").GetProperty("signalCategories").EnumerateArray().Select(c => c.GetString()));

        var stored = await app.UntilAsync($"/api/statements/{id}", _ => true);
        Assert.Equal(delivery.Body.GetProperty("idempotencyKey").GetString(), delivery.IdempotencyKey);
        Assert.Equal(statement.GetProperty("actionId").GetString(), stored.GetProperty("actionId").GetString());
        Assert.Equal(statement.GetProperty("redress").GetProperty("appealUrl").GetString(), stored.GetProperty("redress").GetProperty("appealUrl").GetString());

        var caseId = stored.GetProperty("caseId").GetString();
        var view = await app.GetJsonAsync($"/api/cases/{caseId}");
        var applied = view.GetProperty("timeline").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "action_applied");
        Assert.Equal(id, applied.GetProperty("data").GetProperty("statementId").GetString());
    }

    [Fact]
    public async Task An_unknown_statement_is_a_problem_json_404()
    {
        using var client = app.Admin();
        using var response = await client.GetAsync("/api/statements/sor_nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal("Statement not found", problem.GetProperty("title").GetString());
    }
}
