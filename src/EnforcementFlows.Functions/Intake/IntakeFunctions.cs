using EnforcementFlows.App.Api;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EnforcementFlows.Functions.Intake;

/// <summary>
/// Report and flag intake on the self-host's routes, answered by the self-host's <see cref="IntakeHandler"/>: the same
/// webhook signature checks, body and rate limits, problem+json and 202. Anonymous at the platform: the signature
/// is the authentication, as on the self-host.
/// </summary>
public sealed class IntakeFunctions(IntakeHandler handler)
{
    public const string Reports = "IntakeReport";
    public const string Flags = "IntakeFlag";

    [Function(Reports)]
    public async Task<IActionResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports")] HttpRequest request)
        => new HttpResultAction(await handler.HandleAsync(request.HttpContext, SignalKind.Report));

    [Function(Flags)]
    public async Task<IActionResult> Flag([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/flags")] HttpRequest request)
        => new HttpResultAction(await handler.HandleAsync(request.HttpContext, SignalKind.Flag));
}

/// <summary>Runs a minimal-API result as the function's response (the ASP.NET Core integration executes IActionResult).</summary>
public sealed class HttpResultAction(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context) => Result.ExecuteAsync(context.HttpContext);
}
