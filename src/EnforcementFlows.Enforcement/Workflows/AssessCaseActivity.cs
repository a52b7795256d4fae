using System.Text.Json;
using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
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
internal sealed class AssessCaseActivity(ITransactionalDurableStore store, TimeProvider time, PolicyEngine policy, CaseScorer scorer, TextScorer textScorer)
    : TaskActivity<CaseActivities.AssessInput, Assessment>
{
    internal sealed record StoredSignal(SignalKind Kind, string Id, SignalCategory Category, string? ReporterId, string Payload, long ReceivedAt);

    public override Task<Assessment> RunAsync(TaskActivityContext context, CaseActivities.AssessInput input) => AssessAsync(context, input, null, false);

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
    internal async Task<Assessment> AssessAsync(TaskActivityContext context, CaseActivities.AssessInput input, CaseOpening? opening, bool closeDismissed)
    {
        var prepared = await PrepareAsync(context, input);
        return await store.RunInTransactionAsync(tx =>
        {
            var assessed = Assess(tx, input, prepared, opening, closeDismissed);
            assessed.Row?.WriteIfPending(tx);
            return assessed.Assessment;
        }, context.CancellationToken);
    }

    internal async Task<Prepared> PrepareAsync(TaskActivityContext context, CaseActivities.AssessInput input)
    {
        // Committed signals do not change, so they are read outside the writer (whose round trips every
        // transaction waits for), and the text model runs outside the transaction too (CPU work). One query per
        // chunk of signals brings their reporters' tallies and the case's facts along: a case usually costs one.
        var rows = new Dictionary<(SignalKind, string), (StoredSignal Signal, ReporterEvidence? Tally)>();
        CaseFactsRow? facts = null;
        foreach (var chunk in input.Signals.Chunk(SignalsPerRead))
        {
            object?[] args = [input.CaseId, input.AccountId, .. chunk.SelectMany(s => new object?[] { SignalIntake.Wire(s.Kind), s.SignalId })];
            foreach (var (fact, signal, tally) in await store.QueryCommittedAsync(PrepareSql(chunk.Length), ReadPrepared, context.CancellationToken, args))
            {
                facts = fact;
                if (signal is not null)
                {
                    rows[(signal.Kind, signal.Id)] = (signal, tally);
                }
            }
        }
        // In the order given (the audit records follow it); a signal not stored is left out, as before.
        var read = input.Signals.Where(s => rows.ContainsKey((s.Kind, s.SignalId))).Select(s => rows[(s.Kind, s.SignalId)].Signal).ToList();
        var reports = read.Where(s => s.Kind == SignalKind.Report).Select(s => JsonSerializer.Deserialize<UserReport>(s.Payload, SignalJson.Options)!).ToList();
        var texts = reports.Select(r => r.Text).ToList();
        var tallies = rows.Values.Where(r => r.Tally is not null).GroupBy(r => r.Tally!.ReporterId).ToDictionary(g => g.Key, g => g.First().Tally!, StringComparer.Ordinal);
        var reporters = new Dictionary<string, ReporterEvidence>(StringComparer.Ordinal);
        foreach (var reporter in reports.Select(r => r.ReporterId).Where(id => id is not null).Distinct())
        {
            reporters[reporter] = tallies.GetValueOrDefault(reporter!) ?? new ReporterEvidence(reporter, 0, 0);
        }
        return new Prepared(read, texts.Count == 0 ? null : new TextScore(texts.Max(t => textScorer.Probability(t)), textScorer.ModelVersion), reporters,
            facts ?? throw new InvalidOperationException("The facts query returned no row."));
    }

    /// <summary>Signals per read: the statement text depends on the count, so this bounds the prepared variants.</summary>
    private const int SignalsPerRead = 32;

    /// <summary>
    /// The case's facts (as <see cref="CaseFactsSql"/>, but the case may not exist yet) joined to the given signals (parameters from $p2 on, kind and id
    /// in pairs) and each signal's reporter tally; one row with null signal columns when none is stored.
    /// </summary>
    private static string PrepareSql(int signals) => $"""
        SELECT f.assessment, f.prior, f.tier, f.cases, s.kind, s.signal_id, s.category, s.reporter_id, s.payload, s.received_at,
            t.closed_reports, t.enforced_reports
        FROM (SELECT (SELECT assessment FROM ef_cases WHERE case_id = $p0) AS assessment, (SELECT COUNT(*) FROM ef_actions WHERE account_id = $p1) AS prior,
            (SELECT tier FROM ef_accounts WHERE account_id = $p1) AS tier, (SELECT COUNT(*) FROM ef_cases WHERE case_id = $p0) AS cases) f
        LEFT JOIN ef_signals s ON {string.Join(" OR ", Enumerable.Range(0, signals).Select(i => $"(s.kind = $p{2 + 2 * i} AND s.signal_id = $p{3 + 2 * i})"))}
        LEFT JOIN ef_reporter_tallies t ON t.reporter_id = s.reporter_id
        """;

    private static (CaseFactsRow Facts, StoredSignal? Signal, ReporterEvidence? Tally) ReadPrepared(IRowReader r)
    {
        var facts = ReadFacts(r);
        if (r.IsDBNull(4))
        {
            return (facts, null, null);
        }
        var kind = r.GetString(4) == SignalIntake.Wire(SignalKind.Report) ? SignalKind.Report : SignalKind.Flag;
        var signal = new StoredSignal(kind, r.GetString(5), SignalCategoryNames.TryParse(r.GetString(6), out var c) ? c.Value : SignalCategory.Other,
            r.IsDBNull(7) ? null : r.GetString(7), r.GetString(8), r.GetInt64(9));
        var tally = r.IsDBNull(10) ? null : new ReporterEvidence(r.GetString(7), Convert.ToInt32(r.GetInt64(10)), Convert.ToInt32(r.GetInt64(11)));
        return (facts, signal, tally);
    }

    /// <summary>The assessment inside the caller's transaction; a redelivery gets the recorded one.</summary>
    internal Assessed Assess(IDurableTransaction tx, CaseActivities.AssessInput input, Prepared prepared, CaseOpening? opening, bool closeDismissed)
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
            return new Assessed(JsonData.Deserialize<Assessment>(JsonSerializer.Deserialize<JsonElement>(recorded).GetProperty("assessment").GetRawText())!, false, row);
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
        var recordedJson = JsonData.Serialize(new { assessment, score });
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
        if (closeDismissed && assessment.Outcome == CaseWorkflow.Dismiss)
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
