using System.Diagnostics.CodeAnalysis;

namespace EnforcementFlows.Enforcement.Audit;

/// <summary>What an audit record is about. Wire names are snake_case and part of the hashed encoding: never rename one.</summary>
public enum AuditKind
{
    SignalReceived,
    Scored,
    Decided,
    ApprovalRequested,
    ApprovalReminded,
    ApprovalEscalated,
    ApprovalDecided,
    ApprovalExpired,
    ActionApplied,
    ActionFailed,
    ActionLifted,
    CaseClosed,
    ActionProposed,
    NoteAdded,
    // DSA appeals (Art. 20): recorded on the original case, with the appeal id in the data.
    AppealReceived,
    AppealReviewRequested,
    AppealDecided,
    AppealExpired,
}

public static class AuditKindNames
{
    private static readonly Dictionary<AuditKind, string> ToWire = Enum.GetValues<AuditKind>().ToDictionary(k => k, SnakeCase);
    private static readonly Dictionary<string, AuditKind> FromWire = ToWire.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string ToWireName(this AuditKind kind) => ToWire[kind];

    public static bool TryParse(string? wireName, [NotNullWhen(true)] out AuditKind? kind)
    {
        kind = wireName is not null && FromWire.TryGetValue(wireName, out var found) ? found : null;
        return kind is not null;
    }

    private static string SnakeCase(AuditKind kind) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());
}
