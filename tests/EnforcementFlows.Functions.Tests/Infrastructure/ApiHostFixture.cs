using EnforcementFlows.App.Security;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Infrastructure;

/// <summary>The Functions app's services with an analyst and an approver API key configured (as hashes, as in app settings).</summary>
public sealed class ApiHostFixture : FunctionsHostFixture
{
    public string AnalystKey { get; } = FirstRunSecrets.NewApiKey();

    public string ApproverKey { get; } = FirstRunSecrets.NewApiKey();

    /// <summary>The first-run admin key the app made in its fresh data directory.</summary>
    public string AdminKey => Services.GetRequiredService<FirstRunSecrets>().NewAdminKey!;

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        new("EnforcementFlows:ApiKeys:0:Name", "analyst-1"),
        new("EnforcementFlows:ApiKeys:0:Role", Roles.Analyst),
        new("EnforcementFlows:ApiKeys:0:KeySha256", ApiKeyOptions.Hash(AnalystKey)),
        new("EnforcementFlows:ApiKeys:1:Name", "approver-1"),
        new("EnforcementFlows:ApiKeys:1:Role", Roles.Approver),
        new("EnforcementFlows:ApiKeys:1:KeySha256", ApiKeyOptions.Hash(ApproverKey)),
    ];

    /// <summary>A case awaiting approval with one approval link for <paramref name="approver"/>; returns the link's token.</summary>
    public async Task<string> SeedAwaitingCaseAsync(string caseId, string approver = "ana@example.test")
    {
        var token = ApprovalTokens.New();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var account = "acct-" + caseId;
        var instance = "case:" + account;
        await Services.GetRequiredService<IDomainDatabase>().RunInTransactionAsync(tx =>
        {
            tx.Execute("""
                INSERT INTO ef_cases (case_id, account_id, instance_id, status, opened_at, updated_at)
                VALUES ($p0, $p1, $p2, 'awaiting_approval', $p3, $p3)
                """, caseId, account, instance, now);
            tx.Execute("""
                INSERT INTO ef_approvals (request_id, case_id, account_id, instance_id, approver, stage, token_sha256, proposal, created_at, expires_at)
                VALUES ($p0, $p1, $p2, $p3, $p4, 'primary', $p5, $p6, $p7, $p8)
                """, "req-" + caseId, caseId, account, instance, approver, ApprovalTokens.Hash(token),
                """{"Outcome":"suspend","Category":"spam","Score":0.9,"RequiredApprovers":1}""", now, now + 86_400_000L);
            return true;
        }, CancellationToken.None);
        return token;
    }

    /// <summary>The approval link's recorded decision (null while unused).</summary>
    public Task<string?> DecisionOfAsync(string caseId)
        => Services.GetRequiredService<IDomainDatabase>().RunInTransactionAsync(
            tx => tx.Query("SELECT decision FROM ef_approvals WHERE request_id = $p0", r => r.IsDBNull(0) ? null : r.GetString(0), "req-" + caseId).Single(),
            CancellationToken.None);
}
