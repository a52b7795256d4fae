using EnforcementFlows.App.Api;
using EnforcementFlows.App.Security;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Api;

/// <summary>
/// The analyst API's signals, cases, accounts and decisions on the self-host's routes, answered by its handlers
/// (<see cref="CasesApi"/>), with the same API keys and roles: analysts read, approvers decide, admins set tiers.
/// Anonymous at the function level because the API key is the authentication, as on the self-host.
/// </summary>
public sealed class CaseFunctions(CaseQueries queries, AuditLedger audit, IDomainDatabase store, IOptions<CaseOptions> cases, CaseWorkflowCommands workflows)
{
    public const string GetReport = "ApiReport";
    public const string GetFlag = "ApiFlag";
    public const string ListCases = "ApiCases";
    public const string GetCase = "ApiCase";
    public const string Decide = "ApiCaseDecision";
    public const string ListSweeps = "ApiSweeps";
    public const string GetAccount = "ApiAccount";
    public const string SetTier = "ApiAccountTier";

    [Function(GetReport)]
    public Task<IActionResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/reports/{id}")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, GetReport, Roles.Analyst, http => CasesApi.Signal(SignalKind.Report, id, queries, http.RequestAborted));

    [Function(GetFlag)]
    public Task<IActionResult> Flag([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/flags/{id}")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, GetFlag, Roles.Analyst, http => CasesApi.Signal(SignalKind.Flag, id, queries, http.RequestAborted));

    [Function(ListCases)]
    public Task<IActionResult> Cases([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/cases")] HttpRequest request)
        => HttpFunction.RunAsync(request, ListCases, Roles.Analyst, async http => await CasesApi.ListCases(
            HttpFunction.Query(request, "status"), HttpFunction.Query(request, "category"), HttpFunction.Query(request, "accountId"),
            HttpFunction.QueryTime(request, "from"), HttpFunction.QueryTime(request, "to"), HttpFunction.QueryInt(request, "pageSize"),
            HttpFunction.QueryInt(request, "page"), queries, http.RequestAborted));

    [Function(GetCase)]
    public Task<IActionResult> Case([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/cases/{id}")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, GetCase, Roles.Analyst, http => CasesApi.GetCase(id, queries, audit, store, cases, http.RequestAborted));

    [Function(Decide)]
    public Task<IActionResult> Decision([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/cases/{id}/decision")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, Decide, Roles.Approver, async http =>
            await CasesApi.Decide(id, await HttpFunction.BodyAsync<CasesApi.DecisionDto>(request), http, queries, store, workflows, http.RequestAborted));

    [Function(ListSweeps)]
    public Task<IActionResult> Sweeps([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sweeps")] HttpRequest request)
        => HttpFunction.RunAsync(request, ListSweeps, Roles.Analyst, async http => await CasesApi.ListSweeps(HttpFunction.QueryInt(request, "count"), queries, http.RequestAborted));

    [Function(GetAccount)]
    public Task<IActionResult> Account([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/accounts/{id}")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, GetAccount, Roles.Analyst, http => CasesApi.GetAccount(id, queries, http.RequestAborted));

    [Function(SetTier)]
    public Task<IActionResult> Tier([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/accounts/{id}/tier")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, SetTier, Roles.Admin, async http =>
            await CasesApi.SetTier(id, await HttpFunction.BodyAsync<CasesApi.TierDto>(request), queries, http.RequestAborted));
}
