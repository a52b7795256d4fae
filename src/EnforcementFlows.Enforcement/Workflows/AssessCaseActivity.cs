using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Scoring;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Joins the collected signals to the case, scores them (detectors, reporters, prior actions,
/// text model) and asks the policy for a decision; records all of it and its audit in one
/// transaction. A redelivery returns the recorded assessment.
/// </summary>
internal sealed partial class AssessCaseActivity(IDomainDatabase store, TimeProvider time, PolicyEngine policy, CaseScorer scorer, TextScorer textScorer)
    : EnforcementActivity<CaseActivities.AssessInput, Assessment>
{
    internal sealed record StoredSignal(SignalKind Kind, string Id, SignalCategory Category, string? ReporterId, string Payload, long ReceivedAt);

    public override Task<Assessment> RunAsync(ActivityCallContext context, CaseActivities.AssessInput input) => AssessAsync(context, input, null, false);

    /// <summary>
    /// What is read and computed before the assessment's transaction, from committed data: the signals, the text score
    /// of the reports, the reporters' tallies and the case's facts. A moment old is fine for all of them; whether the
    /// case was assessed already is checked again inside the transaction.
    /// </summary>
    internal sealed record Prepared(List<StoredSignal> Signals, TextScore? Text, IReadOnlyDictionary<string, ReporterEvidence> Reporters, CaseFactsRow Facts);

    /// <param name="Recorded">The recorded assessment; null before the case is assessed.</param>
    /// <param name="Exists">The case row exists (false only before the opening activity's transaction).</param>
    internal sealed record CaseFactsRow(string? Recorded, int PriorActions, string? Tier, bool Exists);

    /// <param name="Fresh">Made by this transaction (false: recorded by an earlier delivery, which may have acted on it).</param>
    /// <param name="Row">The case row that this transaction opens, when the assessment took it over: the caller writes it last.</param>
    internal sealed record Assessed(Assessment Assessment, bool Fresh, NewCaseRow? Row);

    /// <param name="opening">The case that this activity opens (no collect window): it goes in with the assessment.</param>
    /// <param name="closeDismissed">A dismissal closes the case in the same transaction (case workflow 1.2).</param>
    internal async Task<Assessment> AssessAsync(ActivityCallContext context, CaseActivities.AssessInput input, CaseOpening? opening, bool closeDismissed)
    {
        var prepared = await PrepareAsync(context, input);
        return await store.RunInTransactionAsync(tx =>
        {
            var assessed = Assess(tx, input, prepared, opening, closeDismissed);
            assessed.Row?.WriteIfPending(tx);
            return assessed.Assessment;
        }, context.CancellationToken);
    }

    /// <summary>The assessment inside the caller's transaction; a redelivery gets the recorded one.</summary>
    internal Assessed Assess(IDomainTransaction tx, CaseActivities.AssessInput input, Prepared prepared, CaseOpening? opening, bool closeDismissed)
    {
        // Usually the case was not assessed before this transaction began: then the facts read before it hold, and
        // the assessment's UPDATE is guarded instead (it must find the case still unassessed, or the whole operation
        // fails and a retry takes the branch below). So the common case costs the writer no round trip.
        // A redelivery (the worker died after this committed, before its result was recorded) returns the recorded
        // assessment: the column holds { assessment, score }, see the UPDATE below. On PostgreSQL the case row stays
        // locked to the end, so a second run racing the first (an expired lease) waits and then sees its assessment.
        var guarded = prepared.Facts.Recorded is null;
        var row = opening is null ? null : new NewCaseRow(opening);
        if (row is not null && guarded && !prepared.Facts.Exists)
        {
            // A case new to this transaction: its row is written once, at the end (NewCaseRow).
            row.TakeOver();
        }
        else
        {
            row?.InsertIfAbsent(tx);
        }
        var (recorded, priorActions, tier, _) = guarded ? prepared.Facts : tx.Query(CaseFacts(tx.Dialect), ReadFacts, input.CaseId, input.AccountId).FirstOrDefault()
            ?? throw new InvalidOperationException($"Case '{input.CaseId}' does not exist.");
        if (recorded is not null)
        {
            return new Assessed(RecordedJson.Deserialize<Assessment>(JsonSerializer.Deserialize<JsonElement>(recorded).GetProperty("assessment").GetRawText()), false, row);
        }
        var (signals, text) = (prepared.Signals, prepared.Text);
        var reports = signals.Where(s => s.Kind == SignalKind.Report).Select(s => JsonSerializer.Deserialize<UserReport>(s.Payload, SignalJson.Options)!).ToList();
        var flags = signals.Where(s => s.Kind == SignalKind.Flag).Select(s => JsonSerializer.Deserialize<DetectorFlag>(s.Payload, SignalJson.Options)!).ToList();
        var now = time.GetUtcNow();
        foreach (var s in signals)
        {
            // Not joined to this case before: the assessment above would be recorded (same transaction).
            tx.Defer("UPDATE ef_signals SET case_id = $p2 WHERE kind = $p0 AND signal_id = $p1 AND case_id IS NULL",
                SignalIntake.Wire(s.Kind), s.Id, input.CaseId);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(s.ReceivedAt);
            AuditLedger.Append(tx, s.Kind == SignalKind.Report
                ? AuditEntries.ReportReceived(reports.First(r => r.ReportId == s.Id), at, input.CaseId)
                : AuditEntries.FlagReceived(flags.First(f => f.FlagId == s.Id), at, input.CaseId));
        }

        var category = signals.GroupBy(s => s.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var score = scorer.Score(new CaseScoringInput
        {
            Detectors = flags.Select(f => new DetectorEvidence(f.Detector, f.Confidence)).ToList(),
            // A report may come without a reporter: no history then, as for a reporter never seen before.
            Reporters = reports.Select(r => r.ReporterId).Distinct()
                .Select(id => id is not null && prepared.Reporters.TryGetValue(id, out var known) ? known : new ReporterEvidence(id!, 0, 0)).ToList(),
            PriorActions = priorActions,
            Text = text,
        });
        var decision = policy.Decide(category, score.Value, tier ?? "standard");
        AuditLedger.Append(tx, AuditEntries.Scored(score, now, input.CaseId, input.AccountId));
        AuditLedger.Append(tx, AuditEntries.Decided(decision, now, input.CaseId, input.AccountId));

        var assessment = new Assessment(category.ToWireName(), score.Value, decision.Outcome.ToWireName(), (long?)decision.Duration?.TotalSeconds,
            decision.RequiresApproval, decision.Rule, decision.PolicyHash, decision.Deadlines.TimeoutAfter,
            decision.Deadlines.OutcomeOnTimeout.ToWireName(), (long?)decision.Deadlines.DurationOnTimeout?.TotalSeconds,
            Math.Max(1, decision.RequiredApprovers), decision.Deadlines.ReminderAfter, decision.Deadlines.EscalateAfter,
            decision.Approvers.Primary, decision.Approvers.Secondary,
            score.Contributions.OrderByDescending(c => c.Contribution).Take(3)
                .Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Name} {c.Input:0.##} (+{c.Contribution:0.###})")).ToList(),
            decision.RestrictImmediately, decision.EscalateImmediately);
        var recordedJson = RecordedJson.Serialize(new { assessment, score });
        object?[] record = [input.CaseId, assessment.Category, score.Value, recordedJson, now.ToUnixTimeMilliseconds()];
        const string Record = "UPDATE ef_cases SET status = 'assessed', category = $p1, score = $p2, assessment = $p3, updated_at = $p4 WHERE case_id = $p0";
        if (row?.Pending == true)
        {
            row.Assessed(assessment.Category, score.Value, recordedJson, now.ToUnixTimeMilliseconds());
        }
        else if (guarded)
        {
            tx.DeferExpecting(1, Record + " AND assessment IS NULL", record);
        }
        else
        {
            tx.Defer(Record, record);
        }
        if (closeDismissed && assessment.Outcome == CaseConclusions.Dismiss)
        {
            CloseCaseActivity.Close(tx, new CaseActivities.CloseInput(input.CaseId, "dismissed", assessment.Rule), now, openOf: input.AccountId, row);
        }
        return new Assessed(assessment, true, row);
    }

    /// <summary>The recorded assessment (null before), the account's earlier actions and its tier, in one round trip.</summary>
    private static string CaseFacts(string dialect) => dialect == "postgres" ? CaseFactsSql + " FOR UPDATE OF c" : CaseFactsSql;

    private static CaseFactsRow ReadFacts(IRowReader r) => new(r.IsDBNull(0) ? null : r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3) > 0);

    private const string CaseFactsSql = """
        SELECT c.assessment, (SELECT COUNT(*) FROM ef_actions WHERE account_id = $p1), (SELECT tier FROM ef_accounts WHERE account_id = $p1), 1
        FROM ef_cases c WHERE c.case_id = $p0
        """;
}
