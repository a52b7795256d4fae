namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>What a behaviour test asks of the backend it runs on.</summary>
/// <param name="LockTimeout">How long a work item stays locked without renewal (short in the lease takeover tests).</param>
public sealed record TaskHubTestSettings(TimeSpan LockTimeout)
{
    public static TaskHubTestSettings Default { get; } = new(TimeSpan.FromMinutes(2));
}
