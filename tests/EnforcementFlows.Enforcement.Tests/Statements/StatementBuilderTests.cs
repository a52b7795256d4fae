using System.Text;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Tests.Statements;

/// <summary>The statement of reasons on each path a case can take to an action: automatic, one human, two people, and the sweep.</summary>
public class StatementBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly EnforcementPolicy Policy = DefaultPolicy.Load();

    private static AppliedAction Action(EnforcementAction action) => new("act_1", "case_1", "acct-1", action, At, "spam: score 0.50 >= 0.45", Policy.Hash);

    private static StatementSignal Report(string category = "spam") => new(SignalKind.Report, category, At.AddMinutes(-5));

    private static StatementSignal Flag(string category = "spam", string detector = "spam-detector", bool sweep = false)
        => new(SignalKind.Flag, category, At.AddMinutes(-10), detector, sweep);

    [Fact]
    public void Automatic_action_from_a_detector_says_automated_detection_and_decision()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Restrict(TimeSpan.FromDays(1))), "sor_1", SignalCategory.Spam,
            [Flag(), Report()], DecisionPaths.Automatic, []), Policy);

        Assert.True(s.AutomatedDetection);
        Assert.True(s.AutomatedDecision);
        Assert.Equal(DecisionPaths.Automatic, s.DecisionPath);
        Assert.Equal(0, s.HumanReviewers);
        Assert.Equal("restrict", s.Restriction.Action);
        Assert.Equal("P1D", s.Restriction.Duration);
        Assert.Equal(At.AddDays(1), s.Restriction.EndsAt);
        Assert.Equal("spam: score 0.50 >= 0.45", s.Ground.Rule);
        Assert.Equal(Policy.Hash, s.Ground.PolicyHash);
        Assert.Equal(Policy.VersionLabel, s.Ground.PolicyVersion);
        Assert.Equal("STATEMENT_CATEGORY_OTHER_VIOLATION_TC", s.Ground.TransparencyCategory);
        Assert.Equal(TransparencyVocabulary.GroundIncompatible, s.Ground.DecisionGround);
        Assert.Equal(1, s.Facts.UserReports);
        Assert.Equal(1, s.Facts.DetectorFlags);
        Assert.Equal(["spam-detector"], s.Facts.Detectors);
        Assert.Contains("without human review", s.Facts.Summary, StringComparison.Ordinal);
        Assert.Equal(TransparencyVocabulary.EeaCountries, s.TerritorialScope);
        Assert.Equal(new Uri("https://platform.example.org/appeals/sor_1"), s.Redress.AppealUrl);
        Assert.Equal(At.AddMonths(6), s.Redress.AppealDeadline);
    }

    [Fact]
    public void One_human_approval_from_user_reports_says_neither_automated_and_names_nobody()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Suspend(TimeSpan.FromDays(7))), "sor_2", SignalCategory.Harassment,
            [Report("harassment"), Report("harassment")], DecisionPaths.Human, ["reviewer@example.org"]), Policy);

        Assert.False(s.AutomatedDetection);
        Assert.False(s.AutomatedDecision);
        Assert.Equal(1, s.HumanReviewers);
        Assert.Equal(2, s.Facts.UserReports);
        Assert.Equal(["harassment"], s.Facts.SignalCategories);
        Assert.Equal("STATEMENT_CATEGORY_CYBER_VIOLENCE", s.Ground.TransparencyCategory);
        Assert.Contains("approved by 1 member of staff", s.Facts.Summary, StringComparison.Ordinal);
        var json = Encoding.UTF8.GetString(s.ToUtf8Json());
        Assert.DoesNotContain("reviewer@example.org", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_person_approval_counts_two_distinct_reviewers()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Ban()), "sor_3", SignalCategory.ScamFraud,
            [Report("scam_fraud"), Flag("scam_fraud", "fraud-model")], DecisionPaths.Human, ["a@example.org", "b@example.org", "A@example.org"]), Policy);

        Assert.True(s.AutomatedDetection);
        Assert.False(s.AutomatedDecision);
        Assert.Equal(2, s.HumanReviewers);
        Assert.Null(s.Restriction.Duration);
        Assert.Equal("The account is terminated.", s.Restriction.Description);
        Assert.True(s.Ground.AlsoIllegal);
        Assert.Equal("STATEMENT_CATEGORY_SCAMS_AND_FRAUD", s.Ground.TransparencyCategory);
    }

    [Fact]
    public void Sweep_case_says_the_sweep_found_it_and_the_decision_was_automated()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Restrict(TimeSpan.FromDays(3))), "sor_4", SignalCategory.ScamFraud,
            [Flag("scam_fraud", "d1", sweep: true), Flag("scam_fraud", "d2", sweep: true)], DecisionPaths.Automatic, []), Policy);

        Assert.True(s.Facts.FoundBySweep);
        Assert.True(s.AutomatedDetection);
        Assert.True(s.AutomatedDecision);
        Assert.Equal(["d1", "d2"], s.Facts.Detectors);
        Assert.Contains("periodic review", s.Facts.Summary, StringComparison.Ordinal);
        Assert.Equal(0, s.Facts.UserReports);
    }

    [Fact]
    public void Timeout_outcome_is_an_automated_decision_and_says_nobody_reviewed_it()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Restrict()), "sor_5", SignalCategory.ChildSafety,
            [Report("child_safety")], DecisionPaths.Timeout, []), Policy);

        Assert.True(s.AutomatedDecision);
        Assert.Contains("without a human decision", s.Facts.Summary, StringComparison.Ordinal);
        Assert.Null(s.Restriction.EndsAt);
    }

    [Fact]
    public void A_decision_under_another_policy_keeps_its_hash_and_names_no_version()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Warn()) with { PolicyHash = "older" }, "sor_6", SignalCategory.Spam,
            [Report()], DecisionPaths.Automatic, []), Policy);

        Assert.Equal("older", s.Ground.PolicyHash);
        Assert.Null(s.Ground.PolicyVersion);
    }

    [Fact]
    public void Statement_id_is_stable_per_key_and_a_valid_puid()
    {
        Assert.Equal(StatementBuilder.IdFor("efk_a"), StatementBuilder.IdFor("efk_a"));
        Assert.NotEqual(StatementBuilder.IdFor("efk_a"), StatementBuilder.IdFor("efk_b"));
        Assert.Matches("^sor_[0-9a-f]{20}$", StatementBuilder.IdFor("efk_a"));
    }

    [Fact]
    public void Webhook_payload_carries_the_statement_and_round_trips_it()
    {
        var s = StatementBuilder.Build(new StatementFacts(Action(EnforcementAction.Warn()), "sor_7", SignalCategory.Spam, [Report()], DecisionPaths.Automatic, []), Policy);
        var payload = EnforcementWebhookPayload.For(Action(EnforcementAction.Warn()), "efk_1", s);

        var json = Encoding.UTF8.GetString(payload.ToUtf8Json());
        var back = EnforcementWebhookPayload.FromUtf8Json(payload.ToUtf8Json())!;

        Assert.Contains("\"statement\":{\"statementId\":\"sor_7\"", json, StringComparison.Ordinal);
        Assert.Equal("sor_7", back.Statement!.StatementId);
        Assert.Equal(s.Redress, back.Statement.Redress);
    }
}
