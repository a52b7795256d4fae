using System.Net;
using System.Text.Json;
using EnforcementFlows.App.Cli;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests;

/// <summary>`audit verify` passes on a real trail, names the altered record, and catches a deleted tail against an exported head.</summary>
public sealed class AuditTrailTests(AppFactory app) : AuditTrailTests<AppFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresAuditTrailTests(PostgresAppFactory app) : AuditTrailTests<PostgresAppFactory>(app);

public abstract class AuditTrailTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    private async Task<(int Code, string Output)> Verify(string? head = null)
    {
        using var output = new StringWriter();
        var code = await AuditCommands.VerifyAsync(app.DataDirectory, head, output, CancellationToken.None, settings: app.StorageSettings);
        return (code, output.ToString());
    }

    private object? Sql(string sql) => app.SqlBehindTheAppsBack(sql);

    [Fact]
    public async Task Verify_passes_then_fails_at_the_altered_record_then_detects_a_deleted_tail()
    {
        using var client = app.ClientWithKey(null);
        foreach (var (id, account) in new[] { ("f-a1", "acct-audit-1"), ("f-a2", "acct-audit-2") })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag(id, account, 1.0)))).StatusCode);
        }
        await app.CaseClosedAsync("acct-audit-1");
        await app.CaseClosedAsync("acct-audit-2");

        var (ok, okText) = await Verify();
        Assert.Equal(0, ok);
        Assert.StartsWith("OK: 10 records verified", okText);

        var ledger = app.Services.GetRequiredService<EnforcementFlows.Enforcement.Storage.AuditLedger>();
        var head = await ledger.GetHeadAsync();
        var exported = $"{head.Count}:{head.Hash}";

        var original = (string)Sql("SELECT actor FROM ef_audit WHERE idx = 3")!;
        Sql("UPDATE ef_audit SET actor = 'someone-else' WHERE idx = 3");
        var (altered, alteredText) = await Verify();
        Assert.Equal(1, altered);
        Assert.StartsWith("FAILED at record 3:", alteredText);
        Assert.Contains("altered", alteredText);

        // Put it back, then cut the tail: the chain alone still verifies, the exported head does not.
        Sql($"UPDATE ef_audit SET actor = '{original}' WHERE idx = 3");
        Assert.Equal(0, (await Verify()).Code);
        Sql($"DELETE FROM ef_audit WHERE idx >= {head.Count - 2}");
        Assert.Equal(0, (await Verify()).Code);
        var (truncated, truncatedText) = await Verify(exported);
        Assert.Equal(1, truncated);
        Assert.Contains("truncated", truncatedText);
    }
}
