using System.Net;
using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

/// <summary>The audit chain panel: head, verification on a POST with the page's anti-forgery token, and the remembered result.</summary>
public sealed class AuditChainPageTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private const string Page = "/dashboard/operations/audit";
    private const string Verify = "/dashboard/operations/audit/verify";

    [Fact]
    public async Task Verify_remembers_ok_then_reports_a_tampered_record()
    {
        var ledger = app.Services.GetRequiredService<AuditLedger>();
        for (var i = 0; i < 3; i++)
        {
            await ledger.AppendAsync(new AuditEntry(DateTimeOffset.UtcNow, AuditKind.SignalReceived, "test", AuditEntries.Data(new JsonObject { ["n"] = i }), "case-audit", "acct-audit"));
        }
        using var admin = app.ClientAs("olga@example.test", "admin");

        var before = await admin.GetStringAsync(Page);
        Assert.Contains("Not verified since the service started.", before, StringComparison.Ordinal);
        var head = await ledger.GetHeadAsync();
        Assert.Contains(head.Hash, before, StringComparison.Ordinal);

        var response = await DashboardForms.SubmitAsync(admin, Page, Verify);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Page, response.Headers.Location?.OriginalString);
        var ok = await admin.GetStringAsync(Page);
        Assert.Contains("OK: the chain is intact", ok, StringComparison.Ordinal);
        Assert.Contains("by dashboard:olga@example.test", ok, StringComparison.Ordinal);
        Assert.Matches("<dt>Records checked</dt><dd>[3-9]|[1-9][0-9]+</dd>", ok);

        var tampered = head.Count - 2;
        await app.Services.GetRequiredService<IDomainDatabase>().RunInTransactionAsync(
            tx => tx.Execute("UPDATE ef_audit SET actor = 'mallory' WHERE idx = $p0", tampered), CancellationToken.None);
        await DashboardForms.SubmitAsync(admin, Page, Verify);
        var broken = await admin.GetStringAsync(Page);
        Assert.Contains("BROKEN", broken, StringComparison.Ordinal);
        Assert.Contains($"<dt>First bad record</dt><dd>{tampered}</dd>", broken, StringComparison.Ordinal);
        Assert.Contains("record altered", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_without_the_anti_forgery_token_changes_nothing()
    {
        using var admin = app.ClientAs("olga@example.test", "admin");
        var response = await admin.PostAsync(Verify, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
