namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (only the sealer's "how old is the oldest record" reads it).</summary>
public sealed class FakeTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
