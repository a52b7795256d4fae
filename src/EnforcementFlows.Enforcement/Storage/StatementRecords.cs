using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>
/// Reads a case's facts for its statement of reasons, and stores statements. The facts are read either committed (the apply activity
/// builds the statement before it calls the platform, so the webhook can carry it) or inside the transaction that also decides
/// (the built-in gateway's one-transaction conclusion).
/// </summary>
internal static class StatementRecords
{
    private const string SignalColumns = "kind, category, received_at, held, payload";
    private const string SignalsOfCase = $"SELECT {SignalColumns} FROM ef_signals WHERE case_id = $p0 ORDER BY received_at";
    private const string CaseCategory = "SELECT category FROM ef_cases WHERE case_id = $p0";
    // The legacy case workflow does not pass the path: its approvals are the record of who decided.
    private const string ApprovedBy = "SELECT approver FROM ef_approvals WHERE case_id = $p0 AND decision = 'approve' ORDER BY used_at";

    /// <summary>The facts of a case whose assessment is committed (the apply activity's path).</summary>
    public static async Task<StatementFacts> LoadCommittedAsync(IDomainDatabase store, CaseActivities.ApplyInput input, AppliedAction applied,
        string statementId, CancellationToken cancellation)
    {
        var category = (await store.QueryCommittedAsync(CaseCategory, r => r.IsDBNull(0) ? null : r.GetString(0), cancellation, input.CaseId)).FirstOrDefault();
        var signals = await store.QueryCommittedAsync(SignalsOfCase, ReadSignal, cancellation, input.CaseId);
        var (path, approvers) = (input.DecisionPath, input.Approvers);
        if (path is null)
        {
            approvers = await store.QueryCommittedAsync(ApprovedBy, r => r.GetString(0), cancellation, input.CaseId);
        }
        return Facts(input, applied, statementId, category, signals, approvers);
    }

    /// <summary>
    /// The facts inside the transaction that assessed the case: its row may not be written yet, but the assessment's deferred joins of
    /// the signals to the case go out before this query, so one round trip reads them.
    /// </summary>
    public static StatementFacts Load(IDomainTransaction tx, CaseActivities.ApplyInput input, AppliedAction applied, string statementId, string category)
    {
        var signals = tx.Query(SignalsOfCase, ReadSignal, input.CaseId);
        return Facts(input, applied, statementId, category, signals, input.Approvers ?? []);
    }

    private static StatementFacts Facts(CaseActivities.ApplyInput input, AppliedAction applied, string statementId, string? category,
        IReadOnlyList<StatementSignal> signals, IReadOnlyList<string>? approvers)
    {
        var path = input.DecisionPath ?? (input.Interim ? DecisionPaths.Interim : approvers is { Count: > 0 } ? DecisionPaths.Human : DecisionPaths.Automatic);
        var parsed = SignalCategoryNames.TryParse(category, out var c) ? c.Value
            : signals.Select(s => SignalCategoryNames.TryParse(s.Category, out var sc) ? sc : null).FirstOrDefault(x => x is not null) ?? SignalCategory.Other;
        return new StatementFacts(applied, statementId, parsed, signals, path, approvers ?? []);
    }

    private static StatementSignal ReadSignal(IRowReader r)
    {
        var kind = r.GetString(0) == "report" ? SignalKind.Report : SignalKind.Flag;
        string? detector = null;
        if (kind == SignalKind.Flag)
        {
            using var payload = JsonDocument.Parse(r.GetString(4));
            detector = payload.RootElement.TryGetProperty("detector", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }
        // held = 2: a weak flag the sweep released into a case (SweepActivity).
        return new StatementSignal(kind, r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), detector, r.GetInt32(3) == 2);
    }

    /// <summary>Stores the statement in the action's transaction; a second run for the same action keeps the first.</summary>
    public static void Insert(IDomainTransaction tx, StatementOfReasons statement, string category, IReadOnlyList<string> decidedBy)
        => tx.Defer("""
            INSERT INTO ef_statements (statement_id, action_id, case_id, account_id, category, policy_hash, automated_decision, decided_by, issued_at, body)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9) ON CONFLICT DO NOTHING
            """, statement.StatementId, statement.ActionId, statement.CaseId, statement.AccountId, category, statement.Ground.PolicyHash,
            statement.AutomatedDecision ? 1 : 0, JsonSerializer.Serialize(decidedBy), statement.IssuedAt.ToUnixTimeMilliseconds(),
            System.Text.Encoding.UTF8.GetString(statement.ToUtf8Json()));
}
