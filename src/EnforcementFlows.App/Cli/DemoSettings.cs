namespace EnforcementFlows.App.Cli;

/// <summary>`demo --count N`: send N signals, wait <see cref="Settle"/> for their cases, print the tally and stop; without it, until Ctrl+C.</summary>
public sealed record DemoSettings(int? Count)
{
    /// <summary>The demo's collect window (5 s) and time to decide and act.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(12);
}
