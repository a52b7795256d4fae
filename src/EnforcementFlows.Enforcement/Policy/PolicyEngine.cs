using System.Globalization;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>
/// Maps (category, score, account tier) to a decision. The file chooses outcomes and whether they may be
/// automatic; the safety rules here cannot be switched off by a file: bans and protected tiers need two
/// approvers, and child safety restricts at once and escalates.
/// </summary>
public sealed class PolicyEngine(EnforcementPolicy policy)
{
    public const int SevereActionApprovers = 2;

    public EnforcementPolicy Policy { get; } = policy;

    public Decision Decide(SignalCategory category, double score, string? accountTier)
    {
        if (!(score is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, "score must be in [0, 1]");
        }

        var rules = Policy.Categories[category];
        var index = FiringThreshold(rules.Thresholds, score);
        var threshold = index >= 0 ? rules.Thresholds[index] : null;
        var outcome = threshold?.Outcome ?? PolicyOutcome.Dismiss;
        var acts = outcome != PolicyOutcome.Dismiss;

        var isProtected = accountTier is not null && Policy.ProtectedTiers.Contains(accountTier);
        var isChildSafety = category == SignalCategory.ChildSafety;
        var severe = outcome == PolicyOutcome.Ban || isProtected;
        var requiresApproval = acts && (threshold!.RequiresApproval || severe || isChildSafety);

        var rule = DescribeRule(category, score, rules.Thresholds, index, outcome);
        if (acts && isProtected)
        {
            rule += $"; account tier '{accountTier}' is protected: two approvers";
        }

        if (acts && isChildSafety)
        {
            rule += "; child_safety: restrict now and escalate";
        }

        return new Decision
        {
            Category = category,
            Score = score,
            Outcome = outcome,
            Duration = threshold?.Duration,
            RequiresApproval = requiresApproval,
            RequiredApprovers = !requiresApproval ? 0 : severe ? SevereActionApprovers : 1,
            RestrictImmediately = acts && isChildSafety,
            EscalateImmediately = acts && isChildSafety,
            Rule = rule,
            PolicyHash = Policy.Hash,
            PolicyVersion = Policy.VersionLabel,
            Approvers = rules.Approvers,
            Deadlines = rules.Deadlines,
        };
    }

    // Highest threshold whose minimum the score reaches; -1 when below them all.
    private static int FiringThreshold(IReadOnlyList<PolicyThreshold> thresholds, double score)
    {
        for (var i = thresholds.Count - 1; i >= 0; i--)
        {
            if (score >= thresholds[i].MinScore)
            {
                return i;
            }
        }

        return -1;
    }

    private static string DescribeRule(SignalCategory category, double score, IReadOnlyList<PolicyThreshold> thresholds, int index, PolicyOutcome outcome)
    {
        var name = category.ToWireName();
        if (index < 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name}: score {score:0.###} is below the lowest threshold {thresholds[0].MinScore:0.###}: dismiss");
        }

        var threshold = thresholds[index];
        var duration = threshold.Duration is { } d ? " for " + System.Xml.XmlConvert.ToString(d) : string.Empty;
        var mode = threshold.RequiresApproval ? "needs approval" : "automatic";
        return string.Create(CultureInfo.InvariantCulture, $"{name}: score {score:0.###} >= {threshold.MinScore:0.###} (thresholds[{index}]): {outcome.ToWireName()}{duration}, {mode}");
    }
}
