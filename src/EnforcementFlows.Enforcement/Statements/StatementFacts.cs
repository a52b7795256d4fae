using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Statements;

/// <summary>One signal of the case as the statement sees it: never the reporter, never the text.</summary>
/// <param name="Detector">The flagging detector's name (flags only).</param>
/// <param name="ReleasedBySweep">A weak flag that waited for the sweep, which opened the case.</param>
public sealed record StatementSignal(SignalKind Kind, string Category, DateTimeOffset ReceivedAt, string? Detector = null, bool ReleasedBySweep = false);

/// <summary>How the action was decided, as the orchestration knows it.</summary>
public static class DecisionPaths
{
    public const string Automatic = "automatic";
    public const string Interim = "interim";
    public const string Human = "human";
    public const string Timeout = "timeout";
}

/// <summary>Everything a statement is built from: the applied action, the rule and category that led to it, the signals and the path.</summary>
public sealed record StatementFacts(
    AppliedAction Action,
    string StatementId,
    SignalCategory Category,
    IReadOnlyList<StatementSignal> Signals,
    string DecisionPath,
    IReadOnlyList<string> Approvers);
