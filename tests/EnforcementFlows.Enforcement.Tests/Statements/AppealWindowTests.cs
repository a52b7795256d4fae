using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Appeals;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;

namespace EnforcementFlows.Enforcement.Tests.Statements;

/// <summary>The appeal window's edges: six calendar months (the policy's default) from the action, inclusive.</summary>
public class AppealWindowTests
{
    private static StatementOfReasons Issued(DateTimeOffset at) => StatementBuilder.Build(new StatementFacts(
        new AppliedAction("act_1", "case_1", "acct-1", EnforcementAction.Ban(), at, "r", "h"), "sor_1", SignalCategory.Spam, [], DecisionPaths.Human, ["a"]),
        DefaultPolicy.Load());

    [Fact]
    public void The_window_is_open_at_its_last_instant_and_closed_one_tick_later()
    {
        var at = new DateTimeOffset(2026, 6, 3, 12, 0, 0, TimeSpan.Zero);
        var s = Issued(at);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero), s.Redress.AppealDeadline);
        Assert.True(AppealIntake.WindowOpen(s, at));
        Assert.True(AppealIntake.WindowOpen(s, s.Redress.AppealDeadline));
        Assert.False(AppealIntake.WindowOpen(s, s.Redress.AppealDeadline.AddTicks(1)));
    }

    [Fact]
    public void Six_months_from_the_end_of_august_ends_on_the_last_day_of_february()
    {
        var s = Issued(new DateTimeOffset(2026, 8, 31, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2027, 2, 28, 8, 0, 0, TimeSpan.Zero), s.Redress.AppealDeadline);
    }
}
