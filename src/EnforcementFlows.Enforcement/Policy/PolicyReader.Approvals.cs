using System.Text.Json;

namespace EnforcementFlows.Enforcement.Policy;

internal sealed partial class PolicyReader
{
    private ApproverRoster? ReadRoster(JsonElement element, string path)
    {
        if (!ExpectObject(element, path, "primary", "secondary"))
        {
            return null;
        }

        var errorsBefore = _errors.Count;

        // A secondary roster is always needed: every approval can escalate, and severe actions need two people.
        var primary = OptionalStringList(element, path, "primary", allowEmpty: false);
        var secondary = OptionalStringList(element, path, "secondary", allowEmpty: false);
        if (primary is null && !element.TryGetProperty("primary", out _))
        {
            Error(path + ".primary", "required");
        }

        if (secondary is null && !element.TryGetProperty("secondary", out _))
        {
            Error(path + ".secondary", "required");
        }

        foreach (var both in (primary ?? []).Intersect(secondary ?? [], StringComparer.Ordinal))
        {
            Error(path + ".secondary", $"'{both}' is also a primary approver (the two rosters must be different people)");
        }

        return _errors.Count == errorsBefore ? new ApproverRoster(primary!.AsReadOnly(), secondary!.AsReadOnly()) : null;
    }

    private ApprovalDeadlines? ReadDeadlines(JsonElement element, string path)
    {
        if (!ExpectObject(element, path, "reminderAfter", "escalateAfter", "timeoutAfter", "timeoutOutcome", "timeoutDuration"))
        {
            return null;
        }

        var errorsBefore = _errors.Count;
        var reminder = RequiredDuration(element, path, "reminderAfter");
        var escalate = RequiredDuration(element, path, "escalateAfter");
        var timeout = RequiredDuration(element, path, "timeoutAfter");
        var outcome = RequiredOutcome(element, path, "timeoutOutcome");
        var duration = OptionalDuration(element, path, "timeoutDuration");

        if (reminder is { } r && escalate is { } e && r >= e)
        {
            Error(path + ".escalateAfter", "must be later than reminderAfter");
        }

        if (escalate is { } e2 && timeout is { } t && e2 >= t)
        {
            Error(path + ".timeoutAfter", "must be later than escalateAfter");
        }

        if (outcome == PolicyOutcome.Ban)
        {
            Error(path + ".timeoutOutcome", "a ban can never be applied because nobody answered");
        }

        if (outcome == PolicyOutcome.Suspend && duration is null && !element.TryGetProperty("timeoutDuration", out _))
        {
            Error(path + ".timeoutDuration", "required when timeoutOutcome is suspend");
        }
        else if (duration is not null && outcome is PolicyOutcome.Dismiss or PolicyOutcome.Warn)
        {
            Error(path + ".timeoutDuration", $"not allowed for {outcome.Value.ToWireName()}");
        }

        return _errors.Count == errorsBefore ? new ApprovalDeadlines(reminder!.Value, escalate!.Value, timeout!.Value, outcome!.Value, duration) : null;
    }
}
