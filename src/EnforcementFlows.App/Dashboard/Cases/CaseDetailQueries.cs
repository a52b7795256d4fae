using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard;

/// <summary>Reads one case for its page, in one transaction (a consistent picture).</summary>
public sealed partial class CaseDetailQueries(IDomainDatabase store, CaseQueries cases, AuditLedger audit, CaseClaims claims, StatementQueries statements)
{
    public async Task<CaseDetail?> GetAsync(string caseId, CancellationToken ct)
    {
        if (await cases.GetCaseAsync(caseId, ct) is not { } found)
        {
            return null;
        }
        var timeline = await audit.ReadCaseAsync(caseId, ct);
        var assessment = found.Assessment;
        var proposal = QueueQueries.ProposalOf(assessment?.GetRawText());
        var a = assessment is { } root && root.TryGetProperty("assessment", out var inner) ? inner : (JsonElement?)null;
        var score = assessment is { } r2 && r2.TryGetProperty("score", out var s) ? s : (JsonElement?)null;
        var issued = await statements.ForCaseAsync(caseId, ct);
        return await store.RunInTransactionAsync(tx => new CaseDetail(
            found, proposal.Outcome, proposal.DurationSeconds, proposal.RequiredApprovers,
            Text(a, "rule"), Text(a, "policyHash"), Text(score, "modelVersion"), Contributions(score),
            Evidence(tx, caseId), Approvals(tx, caseId), Actions(tx, caseId), CaseNotes.List(tx, caseId), timeline,
            claims.Holder(tx, caseId), HumanProposals.Find(tx, caseId),
            Approvals(tx, caseId).Where(x => x.SupersededAt is null).Select(x => (DateTimeOffset?)x.ExpiresAt).Min()) { Statements = issued }, ct);
    }

    private static string? Text(JsonElement? element, string name)
        => element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<Contribution> Contributions(JsonElement? score)
        => score is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("contributions", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(c => new Contribution(
                c.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "",
                c.TryGetProperty("input", out var i) && i.TryGetDouble(out var iv) ? iv : 0,
                c.TryGetProperty("contribution", out var v) && v.TryGetDouble(out var vv) ? vv : 0)).ToList()
            : [];
}
