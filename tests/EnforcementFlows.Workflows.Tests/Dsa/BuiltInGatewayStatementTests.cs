using System.Net;
using EnforcementFlows.Workflows.Tests.Engine;

namespace EnforcementFlows.Workflows.Tests.Dsa;

/// <summary>With the built-in account store the whole conclusion is one transaction; the statement is written in it too.</summary>
public sealed class BuiltInGatewayStatementTests(SqliteTaskHubAppFactory app) : IClassFixture<SqliteTaskHubAppFactory>
{
    [Fact]
    public async Task An_automatic_action_in_one_transaction_gets_a_complete_statement()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-builtin-1", "acct-builtin-1", 1.0))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-builtin-2", "acct-builtin-1", 0.9))).StatusCode);

        var id = await Tdb.EnforceAsync(app, "acct-builtin-1", alreadySent: true);
        var statement = await app.UntilAsync($"/api/statements/{id}", _ => true);

        Assert.Equal(2, statement.GetProperty("facts").GetProperty("detectorFlags").GetInt32());
        Assert.Equal(["spam-detector"], statement.GetProperty("facts").GetProperty("detectors").EnumerateArray().Select(d => d.GetString()));
        Assert.True(statement.GetProperty("automatedDecision").GetBoolean());
        Assert.Equal("automatic", statement.GetProperty("decisionPath").GetString());
        Assert.Equal("restrict", statement.GetProperty("restriction").GetProperty("action").GetString());
    }
}
