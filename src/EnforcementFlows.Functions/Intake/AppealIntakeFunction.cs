using EnforcementFlows.App.Api;
using EnforcementFlows.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EnforcementFlows.Functions.Intake;

/// <summary>
/// <c>POST /api/appeals</c> (DSA Art. 20) on the self-host's route, answered by the self-host's <see cref="AppealIntakeHandler"/>: the
/// intake sources' signatures, body and rate limits, dedupe, 422/409 problem+json, and 202 once the appeal and the start of its review
/// (an outbox row the relay timer delivers) are committed. Anonymous at the platform: the signature is the authentication. Through
/// <see cref="HttpFunction"/> without a role, so what the handler throws is mapped to problem+json as the self-host maps it.
/// </summary>
public sealed class AppealIntakeFunction(AppealIntakeHandler handler)
{
    public const string Name = "IntakeAppeal";

    [Function(Name)]
    public Task<IActionResult> Appeal([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/appeals")] HttpRequest request)
        => HttpFunction.RunAsync(request, Name, role: null, handler.HandleAsync);
}
