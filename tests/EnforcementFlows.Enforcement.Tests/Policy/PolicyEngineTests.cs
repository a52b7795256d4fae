using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Policy;

public class PolicyEngineTests
{
    private static readonly PolicyEngine Engine = new(DefaultPolicy.Load());

    [Fact]
    public void DefaultPolicy_LoadsAndHasHash()
    {
        Assert.Matches("^[0-9a-f]{64}$", Engine.Policy.Hash);
        Assert.Equal(12, Engine.Policy.Categories.Count);
    }

    [Fact]
    public void Decide_LowScore_Dismisses()
    {
        var decision = Engine.Decide(SignalCategory.Spam, 0.1, "standard");

        Assert.Equal(PolicyOutcome.Dismiss, decision.Outcome);
        Assert.False(decision.RequiresApproval);
        Assert.Equal(0, decision.RequiredApprovers);
        Assert.Contains("below the lowest threshold", decision.Rule, StringComparison.Ordinal);
        Assert.Equal(Engine.Policy.Hash, decision.PolicyHash);
    }

    [Fact]
    public void Decide_MidSpamScore_ActsAutomatically()
    {
        var decision = Engine.Decide(SignalCategory.Spam, 0.5, "standard");

        Assert.Equal(PolicyOutcome.Restrict, decision.Outcome);
        Assert.Equal(TimeSpan.FromDays(1), decision.Duration);
        Assert.False(decision.RequiresApproval);
        Assert.Equal("spam: score 0.5 >= 0.45 (thresholds[1]): restrict for P1D, automatic", decision.Rule);
    }

    [Fact]
    public void Decide_HighSpamScore_NeedsOneApprover()
    {
        var decision = Engine.Decide(SignalCategory.Spam, 0.75, null);

        Assert.Equal(PolicyOutcome.Suspend, decision.Outcome);
        Assert.Equal(TimeSpan.FromDays(7), decision.Duration);
        Assert.True(decision.RequiresApproval);
        Assert.Equal(1, decision.RequiredApprovers);
        Assert.False(decision.RestrictImmediately);
    }

    [Fact]
    public void Decide_ThresholdBoundary_IsInclusive()
    {
        Assert.Equal(PolicyOutcome.Warn, Engine.Decide(SignalCategory.Spam, 0.25, null).Outcome);
        Assert.Equal(PolicyOutcome.Dismiss, Engine.Decide(SignalCategory.Spam, 0.2499, null).Outcome);
    }

    [Fact]
    public void Decide_Ban_NeedsTwoApprovers()
    {
        var decision = Engine.Decide(SignalCategory.Hate, 0.85, "standard");

        Assert.Equal(PolicyOutcome.Ban, decision.Outcome);
        Assert.True(decision.RequiresApproval);
        Assert.Equal(2, decision.RequiredApprovers);
    }

    [Theory]
    [InlineData(SignalCategory.Spam, 0.3)]
    [InlineData(SignalCategory.Spam, 0.5)]
    [InlineData(SignalCategory.Malware, 0.4)]
    [InlineData(SignalCategory.ViolentThreat, 0.3)]
    public void Decide_ProtectedTier_TurnsAutomaticActionIntoTwoApproverDecision(SignalCategory category, double score)
    {
        var standard = Engine.Decide(category, score, "standard");
        var protectedTier = Engine.Decide(category, score, "verified");

        Assert.False(standard.RequiresApproval);
        Assert.Equal(standard.Outcome, protectedTier.Outcome);
        Assert.True(protectedTier.RequiresApproval);
        Assert.Equal(2, protectedTier.RequiredApprovers);
        Assert.Contains("protected", protectedTier.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ProtectedTierLowScore_StillDismissesWithoutApproval()
    {
        var decision = Engine.Decide(SignalCategory.Spam, 0.05, "verified");

        Assert.Equal(PolicyOutcome.Dismiss, decision.Outcome);
        Assert.False(decision.RequiresApproval);
    }

    [Fact]
    public void Decide_ChildSafety_RestrictsNowAndEscalates()
    {
        var decision = Engine.Decide(SignalCategory.ChildSafety, 0.2, "standard");

        Assert.Equal(PolicyOutcome.Restrict, decision.Outcome);
        Assert.True(decision.RestrictImmediately);
        Assert.True(decision.EscalateImmediately);
        Assert.True(decision.RequiresApproval);
        Assert.Equal(TimeSpan.FromMinutes(30), decision.Deadlines.EscalateAfter);
        Assert.Contains("child-safety-lead@example.org", decision.Approvers.Secondary);
    }

    [Fact]
    public void Decide_ChildSafetyBan_RestrictsNowAndNeedsTwoApprovers()
    {
        var decision = Engine.Decide(SignalCategory.ChildSafety, 0.6, "standard");

        Assert.Equal(PolicyOutcome.Ban, decision.Outcome);
        Assert.True(decision.RestrictImmediately);
        Assert.Equal(2, decision.RequiredApprovers);
    }

    [Fact]
    public void Decide_ChildSafetyBelowThreshold_DoesNothing()
    {
        var decision = Engine.Decide(SignalCategory.ChildSafety, 0.05, "standard");

        Assert.Equal(PolicyOutcome.Dismiss, decision.Outcome);
        Assert.False(decision.RestrictImmediately);
        Assert.False(decision.EscalateImmediately);
    }

    [Fact]
    public void Decide_EveryCategory_AnswersAcrossTheWholeScoreRange()
    {
        foreach (var category in Enum.GetValues<SignalCategory>())
        {
            for (var score = 0.0; score <= 1.0; score += 0.05)
            {
                var decision = Engine.Decide(category, score, "standard");
                Assert.Equal(decision.Outcome == PolicyOutcome.Ban ? 2 : decision.RequiresApproval ? 1 : 0, decision.RequiredApprovers);
            }
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Decide_ScoreOutsideUnitInterval_Throws(double score)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Decide(SignalCategory.Spam, score, null));
    }
}
