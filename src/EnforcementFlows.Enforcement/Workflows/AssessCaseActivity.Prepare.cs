using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Scoring;
using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>What the assessment reads before its transaction, from committed data.</summary>
internal sealed partial class AssessCaseActivity
{
    internal async Task<Prepared> PrepareAsync(ActivityCallContext context, CaseActivities.AssessInput input)
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
}
