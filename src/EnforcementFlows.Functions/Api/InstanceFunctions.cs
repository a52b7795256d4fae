using EnforcementFlows.App.Api;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.Functions.Api;

/// <summary>
/// The analyst API's workflow instances on the self-host's routes, answered by its handlers (<see cref="InstancesApi"/>)
/// over the Functions host's task hub: the same <see cref="SdkWorkflowInstances"/> the self-host's SDK engine uses,
/// on the bound durable client. Analysts read; admins raise events, terminate, suspend, resume and purge.
/// </summary>
public static class InstanceFunctions
{
    public const string List = "ApiInstances";
    public const string Get = "ApiInstance";
    public const string History = "ApiInstanceHistory";
    public const string Raise = "ApiInstanceEvent";
    public const string Terminate = "ApiInstanceTerminate";
    public const string Suspend = "ApiInstanceSuspend";
    public const string Resume = "ApiInstanceResume";
    public const string Purge = "ApiInstancePurge";
    public const string Management = "ApiInstanceManagement";

    private static SdkWorkflowInstances Instances(DurableTaskClient client) => new(client);

    [Function(List)]
    public static Task<IActionResult> ListInstances([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/instances")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
        => HttpFunction.RunAsync(request, List, Roles.Analyst, async http => await InstancesApi.List(Instances(client), HttpFunction.Query(request, "status"),
            HttpFunction.Query(request, "name"), HttpFunction.Query(request, "prefix"), HttpFunction.QueryInt(request, "pageSize"),
            HttpFunction.Query(request, "continuation"), http.RequestAborted));

    [Function(Get)]
    public static Task<IActionResult> GetInstance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/instances/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        => HttpFunction.RunAsync(request, Get, Roles.Analyst, async http => await InstancesApi.Get(id, Instances(client), http.RequestAborted));

    [Function(History)]
    public static Task<IActionResult> GetHistory([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/instances/{id}/history")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        => HttpFunction.RunAsync(request, History, Roles.Analyst, async http => await InstancesApi.History(id, Instances(client), http.RequestAborted));

    [Function(Raise)]
    public static Task<IActionResult> RaiseEvent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/instances/{id}/events/{name}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id, string name)
        => HttpFunction.RunAsync(request, Raise, Roles.Admin, async http => await InstancesApi.Raise(id, name, request, Instances(client), http.RequestAborted));

    [Function(Terminate)]
    public static Task<IActionResult> TerminateInstance([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/instances/{id}/terminate")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        => HttpFunction.RunAsync(request, Terminate, Roles.Admin, async http =>
        {
            var body = await HttpFunction.OptionalBodyAsync<InstancesApi.ReasonDto>(request);
            return await InstancesApi.Act(() => Instances(client).TerminateAsync(id, body?.Reason, http.RequestAborted));
        });

    [Function(Suspend)]
    public static Task<IActionResult> SuspendInstance([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/instances/{id}/suspend")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        => HttpFunction.RunAsync(request, Suspend, Roles.Admin, async http =>
        {
            var body = await HttpFunction.OptionalBodyAsync<InstancesApi.ReasonDto>(request);
            return await InstancesApi.Act(() => Instances(client).SuspendAsync(id, body?.Reason, http.RequestAborted));
        });

    [Function(Resume)]
    public static Task<IActionResult> ResumeInstance([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/instances/{id}/resume")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        => HttpFunction.RunAsync(request, Resume, Roles.Admin, async http =>
        {
            var body = await HttpFunction.OptionalBodyAsync<InstancesApi.ReasonDto>(request);
            return await InstancesApi.Act(() => Instances(client).ResumeAsync(id, body?.Reason, http.RequestAborted));
        });

    [Function(Purge)]
    public static Task<IActionResult> PurgeInstance([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/instances/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        => HttpFunction.RunAsync(request, Purge, Roles.Admin, async http => await InstancesApi.Purge(id, Instances(client), http.RequestAborted));

    /// <summary>
    /// The instance's URLs in the Durable Functions HTTP management API (status, raise event, terminate, suspend,
    /// resume, purge), as the extension builds them: they carry the durabletask_extension system key, so only admins
    /// get them. That API is the host's own (runtime/webhooks/durabletask), protected by that key as the platform does.
    /// </summary>
    [Function(Management)]
    public static Task<IActionResult> ManagementUrls([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/instances/{id}/management")] HttpRequest request,
        [DurableClient] DurableTaskClient client, string id)
        // Without a request the extension takes the base URL and key from the client the host bound (its public URL).
        => HttpFunction.RunAsync(request, Management, Roles.Admin, _ => Task.FromResult<IResult>(TypedResults.Ok(client.CreateHttpManagementPayload(id))));
}
