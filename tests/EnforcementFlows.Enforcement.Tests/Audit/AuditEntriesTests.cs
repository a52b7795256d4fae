using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Audit;

public class AuditEntriesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DomainEvents_ChainAndKeepTheirEvidence()
    {
        var store = new InMemoryAuditStore();
        var report = new UserReport("r-1", "u-1", "acct-1", SignalCategory.Spam, "secret personal text");
        var score = new CaseScorer().Score(new CaseScoringInput { Detectors = [new("spam-net", 0.99)], Reporters = [new("u-1", 20, 19)], PriorActions = 2 });
        var decision = new PolicyEngine(DefaultPolicy.Load()).Decide(SignalCategory.Spam, score.Value, null);
        var applied = new AppliedAction("act-1", "case-1", "acct-1", EnforcementAction.FromDecision(decision)!, At, decision.Rule, decision.PolicyHash);

        await store.AppendAsync(AuditEntries.ReportReceived(report, At, "case-1"));
        await store.AppendAsync(AuditEntries.Scored(score, At, "case-1", "acct-1"));
        var decided = await store.AppendAsync(AuditEntries.Decided(decision, At, "case-1", "acct-1"));
        await store.AppendAsync(AuditEntries.ActionApplied(applied, "efk_x", "worker"));
        var records = await store.ReadRangeAsync(0, 10);

        Assert.True(AuditVerifier.Verify(records).Ok);
        Assert.Equal(
            [AuditKind.SignalReceived, AuditKind.Scored, AuditKind.Decided, AuditKind.ActionApplied],
            records.Select(r => r.Kind));
        Assert.Equal(decision.PolicyHash, decided.Data.GetProperty("policyHash").GetString());
        Assert.True(records[1].Data.GetProperty("textScoreAbsent").GetBoolean());
        Assert.DoesNotContain("secret personal text", records[0].Data.GetRawText(), StringComparison.Ordinal);
    }
}
