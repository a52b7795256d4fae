using System.Text.Json;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Policy;

internal sealed partial class PolicyReader
{
    private CategoryPolicy? ReadCategory(JsonElement element, string path, SignalCategory category, ApproverRoster? defaultRoster, ApprovalDeadlines? defaultDeadlines)
    {
        if (!ExpectObject(element, path, "thresholds", "approvers", "deadlines"))
        {
            return null;
        }

        var errorsBefore = _errors.Count;
        var thresholds = ReadThresholds(element, path, category);
        var roster = element.TryGetProperty("approvers", out var a) ? ReadRoster(a, path + ".approvers") : defaultRoster;
        var deadlines = element.TryGetProperty("deadlines", out var d) ? ReadDeadlines(d, path + ".deadlines") : defaultDeadlines;

        if (roster is null && !element.TryGetProperty("approvers", out _))
        {
            Error(path + ".approvers", "required (and no defaults.approvers)");
        }

        if (deadlines is null && !element.TryGetProperty("deadlines", out _))
        {
            Error(path + ".deadlines", "required (and no defaults.deadlines)");
        }

        return _errors.Count == errorsBefore ? new CategoryPolicy(category, thresholds.AsReadOnly(), roster!, deadlines!) : null;
    }

    private List<PolicyThreshold> ReadThresholds(JsonElement category, string categoryPath, SignalCategory which)
    {
        var path = categoryPath + ".thresholds";
        var thresholds = new List<PolicyThreshold>();
        if (!category.TryGetProperty("thresholds", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            Error(path, "required: a non-empty array");
            return thresholds;
        }

        double? previous = null;
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            var threshold = ReadThreshold(element, itemPath, which, ref previous);
            if (threshold is not null)
            {
                thresholds.Add(threshold);
            }
        }

        return thresholds;
    }

    private PolicyThreshold? ReadThreshold(JsonElement element, string path, SignalCategory category, ref double? previousMinScore)
    {
        if (!ExpectObject(element, path, "minScore", "outcome", "duration", "approval"))
        {
            return null;
        }

        var errorsBefore = _errors.Count;
        var minScore = RequiredScore(element, path, "minScore");

        // Strictly ascending, so exactly one threshold fires for any score.
        if (minScore is { } score)
        {
            if (previousMinScore is { } previous && score <= previous)
            {
                Error(path + ".minScore", $"must be greater than the previous threshold's {previous}");
            }

            previousMinScore = score;
        }

        var outcome = RequiredOutcome(element, path, "outcome");
        var duration = OptionalDuration(element, path, "duration");
        var approval = OptionalString(element, path, "approval");

        var requiresApproval = approval switch
        {
            "required" => true,
            "automatic" => false,
            null when outcome == PolicyOutcome.Dismiss => false,
            null => ErrorAndReturn(path + ".approval", "required: 'automatic' or 'required'"),
            _ => ErrorAndReturn(path + ".approval", $"unknown '{approval}' (expected 'automatic' or 'required')"),
        };

        if (outcome is { } o)
        {
            CheckDuration(path, o, duration, element.TryGetProperty("duration", out _));
            CheckApproval(path, o, category, requiresApproval);
        }

        return _errors.Count == errorsBefore ? new PolicyThreshold(minScore!.Value, outcome!.Value, duration, requiresApproval) : null;
    }

    private void CheckDuration(string path, PolicyOutcome outcome, TimeSpan? duration, bool durationGiven)
    {
        if (outcome == PolicyOutcome.Suspend && !durationGiven)
        {
            Error(path + ".duration", "required for suspend");
        }
        else if (durationGiven && outcome is not (PolicyOutcome.Suspend or PolicyOutcome.Restrict) && duration is not null)
        {
            Error(path + ".duration", $"not allowed for {outcome.ToWireName()}");
        }
    }

    private void CheckApproval(string path, PolicyOutcome outcome, SignalCategory category, bool requiresApproval)
    {
        if (outcome == PolicyOutcome.Dismiss && requiresApproval)
        {
            Error(path + ".approval", "dismiss cannot require approval");
        }
        else if (outcome == PolicyOutcome.Ban && !requiresApproval)
        {
            Error(path + ".approval", "a ban always needs human approval");
        }
        else if (category == SignalCategory.ChildSafety && outcome != PolicyOutcome.Dismiss && !requiresApproval)
        {
            Error(path + ".approval", "child_safety outcomes always escalate to human approval");
        }
    }

    private bool ErrorAndReturn(string path, string message)
    {
        Error(path, message);
        return false;
    }
}
