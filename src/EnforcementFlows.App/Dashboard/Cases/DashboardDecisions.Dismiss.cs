namespace EnforcementFlows.App.Dashboard;

public sealed partial class DashboardDecisions
{
    public const int MaxBulkDismiss = 100;

    /// <summary>
    /// Dismisses each selected case with one reason (each in its own transaction, so one refusal does
    /// not hold the others back). Only low-severity cases qualify: a proposed warning with one approver
    /// and no interim restriction. The workflow closes each as "dismissed".
    /// </summary>
    public async Task<IReadOnlyList<(string CaseId, DecisionOutcome Outcome)>> DismissAsync(IReadOnlyList<string> caseIds, DashboardUser user, string reason,
        CancellationToken ct)
    {
        var results = new List<(string, DecisionOutcome)>();
        foreach (var caseId in caseIds.Distinct(StringComparer.Ordinal).Take(MaxBulkDismiss))
        {
            results.Add((caseId, Logged("dismiss", caseId, await store.RunInTransactionAsync(tx =>
            {
                var now = time.GetUtcNow();
                var pending = PendingCase.Read(tx, caseId);
                if (pending is null)
                {
                    return DecisionOutcome.NotFound(caseId);
                }
                if (!pending.BulkDismissible)
                {
                    return DecisionOutcome.Conflict($"Case {caseId} is not low severity ({pending.ProposedOutcome}); decide it on its own page.");
                }
                if (Refusal(tx, pending, user, now) is { } refused)
                {
                    return refused;
                }
                Record(tx, pending, user, "dismiss", reason, now, dismiss: true);
                return DecisionOutcome.Ok($"Dismissed case {caseId}.");
            }, ct))));
        }
        return results;
    }
}
