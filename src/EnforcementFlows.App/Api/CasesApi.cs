using EnforcementFlows.Storage;
using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnforcementFlows.App.Api;

/// <summary>Signals, cases (with their audit timeline), accounts, and the human decision on a waiting case.</summary>
public static class CasesApi
{
    public sealed record DecisionDto(bool Approve, string? Comment);

    public sealed record TierDto(string Tier);

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder endpoints)
    {
        var read = endpoints.MapGroup("/api").WithTags("Cases").RequireAuthorization(Roles.AtLeastAnalyst);
        read.MapGet("/reports/{id}", (string id, CaseQueries q, CancellationToken ct) => Signal(SignalKind.Report, id, q, ct));
        read.MapGet("/flags/{id}", (string id, CaseQueries q, CancellationToken ct) => Signal(SignalKind.Flag, id, q, ct));
        read.MapGet("/cases", ListCases);
        read.MapGet("/cases/{id}", GetCase);
        read.MapGet("/sweeps", ListSweeps);
        read.MapGet("/accounts/{id}", GetAccount);

        var decide = endpoints.MapGroup("/api").WithTags("Cases").RequireAuthorization(Roles.AtLeastApprover);
        decide.MapPost("/cases/{id}/decision", Decide);
        endpoints.MapPut("/api/accounts/{id}/tier", SetTier).WithTags("Cases").RequireAuthorization(Roles.AdminOnly);
        return endpoints;
    }

    // The handlers are named (not lambdas) so the Functions app's HTTP triggers call the same code.
    internal static async Task<Ok<IReadOnlyList<CaseView>>> ListCases(string? status, string? category, string? accountId, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, int? page,
        CaseQueries q, CancellationToken ct)
        => TypedResults.Ok(await q.ListCasesAsync(new CaseFilter(status, category, accountId, from, to, pageSize ?? 50, page ?? 0), ct));

    internal static async Task<IResult> GetCase(string id, CaseQueries q, AuditLedger audit, IDomainDatabase store,
        Microsoft.Extensions.Options.IOptions<CaseOptions> cases, CancellationToken ct)
        => await q.GetCaseAsync(id, ct) is { } found
            ? Results.Ok(new { @case = found, stage = await CaseStage.OfAsync(found, store, cases.Value, ct), timeline = (await audit.ReadCaseAsync(id, ct)).Select(Timeline) })
            : Problems.Of(StatusCodes.Status404NotFound, "Case not found", $"No case '{id}'.");

    internal static async Task<Ok<IReadOnlyList<SweepView>>> ListSweeps(int? count, CaseQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListSweepsAsync(count ?? 50, ct));

    internal static async Task<IResult> GetAccount(string id, CaseQueries q, CancellationToken ct)
        => await q.GetAccountAsync(id, ct) is { } account ? Results.Ok(account) : Problems.Of(StatusCodes.Status404NotFound, "Account not found", $"No signals or actions for '{id}'.");

    internal static async Task<NoContent> SetTier(string id, TierDto body, CaseQueries q, CancellationToken ct)
    {
        await q.SetTierAsync(id, body.Tier, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> Signal(SignalKind kind, string id, CaseQueries queries, CancellationToken ct)
        => await queries.GetSignalAsync(kind, id, ct) is { } view
            ? Results.Ok(view)
            : Problems.Of(StatusCodes.Status404NotFound, "Signal not found", $"No {SignalIntake.Wire(kind)} '{id}'.");

    internal static async Task<IResult> Decide(string id, DecisionDto body, HttpContext http, CaseQueries queries, IDomainDatabase store,
        CaseWorkflowCommands workflows, CancellationToken ct)
    {
        var found = await queries.GetCaseAsync(id, ct);
        if (found is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, "Case not found", $"No case '{id}'.");
        }
        if (found.Status != "awaiting_approval")
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Case is not awaiting a decision", $"Case '{id}' is {found.Status}.");
        }
        var who = http.User.Identity?.Name ?? "unknown";
        // Through the workflow commands, so it reaches whichever engine runs the case (the SDK's through the outbox).
        var decision = new ApprovalDecision(body.Approve, "api:" + who, body.Comment, id, DecisionId: "api_" + Guid.NewGuid().ToString("N"));
        await store.RunInTransactionAsync(tx =>
        {
            workflows.RaiseDecision(tx, found.InstanceId, decision);
            return true;
        }, ct);
        return TypedResults.Accepted($"/api/cases/{id}");
    }

    private static object Timeline(AuditRecord r) => new { index = r.Index, at = r.Timestamp, kind = r.Kind.ToWireName(), actor = r.Actor, data = r.Data };
}
