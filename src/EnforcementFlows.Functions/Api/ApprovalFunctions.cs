using EnforcementFlows.App.Api;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Api;

/// <summary>
/// The email approval links, answered by the self-host's page handlers (<see cref="ApprovalPagesApi"/>): GET shows a
/// confirmation page and changes nothing (mail scanners prefetch links); POST with the page's anti-forgery token
/// decides once. Anonymous at the function level: the link's token is the credential, and with
/// EnforcementFlows:Approvals:RequireSignIn the App Service authentication header must name the link's approver.
/// The answers are HTML pages, refusals included (the reader is a person in a browser), with the self-host's headers.
/// </summary>
public sealed class ApprovalFunctions(IDomainDatabase store, IAntiforgery antiforgery, IOptions<ApprovalPageOptions> options, TimeProvider time,
    CaseWorkflowCommands workflows)
{
    public const string Show = "ApprovalPage";
    public const string Decide = "ApprovalDecision";
    public const string Route = "approvals/{token}";

    [Function(Show)]
    public Task<IActionResult> ShowPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request, string token)
        => HttpFunction.RunAsync(request, Show, role: null, http =>
        {
            ApprovalPagesApi.SetPageHeaders(http.Response);
            return ApprovalPagesApi.Show(token, HttpFunction.Query(request, "decision"), http, store, antiforgery, options, time, workflows);
        });

    [Function(Decide)]
    public Task<IActionResult> DecideOnce([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request, string token)
        => HttpFunction.RunAsync(request, Decide, role: null, http =>
        {
            ApprovalPagesApi.SetPageHeaders(http.Response);
            return ApprovalPagesApi.Decide(token, http, store, antiforgery, options, time, workflows);
        });
}
