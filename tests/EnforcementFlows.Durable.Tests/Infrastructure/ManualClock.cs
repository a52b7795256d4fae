namespace EnforcementFlows.Durable.Tests.Infrastructure;

/// <summary>A clock the test moves by hand (stores read only GetUtcNow).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
