using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Actions;

public class EnforcementActionTests
{
    private static readonly PolicyEngine Engine = new(DefaultPolicy.Load());
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.1, null, null)]
    [InlineData(0.3, ActionKind.Warn, null)]
    [InlineData(0.5, ActionKind.Restrict, 1)]
    [InlineData(0.75, ActionKind.Suspend, 7)]
    [InlineData(0.95, ActionKind.Ban, null)]
    public void FromDecision_MapsEachSpamOutcome(double score, ActionKind? kind, int? days)
    {
        var action = EnforcementAction.FromDecision(Engine.Decide(SignalCategory.Spam, score, null));

        Assert.Equal(kind, action?.Kind);
        Assert.Equal(days is null ? null : TimeSpan.FromDays(days.Value), action?.Duration);
    }

    [Fact]
    public void Suspend_NonPositiveDuration_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnforcementAction.Suspend(TimeSpan.Zero));
    }

    [Fact]
    public void AppliedSuspension_ExpiresAfterItsDuration()
    {
        var applied = new AppliedAction("act-1", "case-1", "acct-1", EnforcementAction.Suspend(TimeSpan.FromDays(7)), Now, "spam", "hash");

        Assert.Equal(Now.AddDays(7), applied.ExpiresAt);
        Assert.True(applied.IsActiveAt(Now));
        Assert.True(applied.IsActiveAt(Now.AddDays(7).AddTicks(-1)));
        Assert.False(applied.IsActiveAt(Now.AddDays(7)));
        Assert.False(applied.IsActiveAt(Now.AddTicks(-1)));
    }

    [Fact]
    public void AppliedBan_NeverExpires_WarningIsNeverActive()
    {
        var ban = new AppliedAction("act-1", "case-1", "acct-1", EnforcementAction.Ban(), Now, "hate", "hash");
        var warning = ban with { Action = EnforcementAction.Warn() };

        Assert.Null(ban.ExpiresAt);
        Assert.True(ban.IsActiveAt(Now.AddYears(10)));
        Assert.False(warning.IsActiveAt(Now));
    }
}
