using EnforcementFlows.App.Api;
using EnforcementFlows.App.Security;
using EnforcementFlows.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EnforcementFlows.Functions.Api;

/// <summary><c>GET /api/appeals/{id}</c> for analysts, answered by the self-host's <see cref="AppealsApi.GetAppeal"/> with the same API keys.</summary>
public sealed class AppealFunctions(IDomainDatabase store)
{
    public const string GetAppeal = "ApiAppeal";

    [Function(GetAppeal)]
    public Task<IActionResult> Appeal([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/appeals/{id}")] HttpRequest request, string id)
        => HttpFunction.RunAsync(request, GetAppeal, Roles.Analyst, http => AppealsApi.GetAppeal(id, store, http.RequestAborted));
}
