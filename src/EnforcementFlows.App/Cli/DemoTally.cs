using System.Text;
using EnforcementFlows.Storage;

namespace EnforcementFlows.App.Cli;

/// <summary>What the demo has done so far, from the service's own tables: cases by status, actions applied, approvals waiting.</summary>
internal sealed record DemoTally(int SignalsSent, IReadOnlyDictionary<string, long> CasesByStatus, long ActionsApplied)
{
    public static Task<DemoTally> ReadAsync(IDomainDatabase store, int signalsSent, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            var cases = tx.Query("SELECT status, COUNT(*) FROM ef_cases GROUP BY status ORDER BY status", r => (r.GetString(0), r.GetInt64(1)))
                .ToDictionary(c => c.Item1, c => c.Item2);
            var actions = Convert.ToInt64(tx.Scalar("SELECT COUNT(*) FROM ef_actions") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
            return new DemoTally(signalsSent, cases, actions);
        }, ct);

    public long ApprovalsWaiting => CasesByStatus.GetValueOrDefault("awaiting_approval");

    public string Line()
    {
        var cases = CasesByStatus.Count == 0 ? "none yet" : string.Join(", ", CasesByStatus.Select(c => $"{c.Value} {c.Key}"));
        return $"{SignalsSent} signals sent; cases: {cases}; {ActionsApplied} actions applied; {ApprovalsWaiting} approvals waiting";
    }

    public string Summary(string dashboardUrl)
    {
        var text = new StringBuilder();
        text.AppendLine("demo: tally");
        text.AppendLine($"  signals sent:      {SignalsSent}");
        text.AppendLine($"  cases by outcome:  {(CasesByStatus.Count == 0 ? "none yet" : string.Join(", ", CasesByStatus.Select(c => $"{c.Key} {c.Value}")))}");
        text.AppendLine($"  actions applied:   {ActionsApplied}");
        text.AppendLine($"  approvals waiting: {ApprovalsWaiting}");
        text.Append($"  dashboard:         {dashboardUrl}");
        return text.ToString();
    }
}
