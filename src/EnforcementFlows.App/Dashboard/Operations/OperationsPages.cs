using System.Text.Json;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>/dashboard/operations/*: workflow instances, the audit chain and the configuration. Admins only.</summary>
public static class OperationsPages
{
    public static RouteGroupBuilder MapOperationsPages(this RouteGroupBuilder group)
    {
        var ops = group.MapGroup("/operations").RequireAuthorization(DashboardPolicies.Admin);
        ops.MapGet("/", Instances);
        ops.MapGet("/instances/{id}", Instance);
        ops.MapGet("/audit", async (HttpContext http, AuditLedger ledger, AuditChainStatus status)
            => Page(http, "Audit chain", AuditView.Render(DashboardRequest.For(http), await ledger.GetHeadAsync(http.RequestAborted), await status.LastAsync(http.RequestAborted))));
        ops.MapPost("/audit/verify", async (HttpContext http, AuditChainStatus status) =>
        {
            // The group's filter has checked the anti-forgery token; verification only reads.
            await status.VerifyAsync(DashboardRequest.For(http).SignedIn.Actor, http.RequestAborted);
            return Results.Redirect("/dashboard/operations/audit", permanent: false, preserveMethod: false);
        });
        ops.MapGet("/configuration", (HttpContext http) => Page(http, "Configuration", ConfigurationView.Render(ConfigurationSummary.From(http.RequestServices))));
        return group;
    }

    private static async Task<IResult> Instances(HttpContext http, IWorkflowInstances instances, string? status, string? name, string? prefix, string? continuation)
    {
        var search = InstanceSearch.Parse(status, name, prefix, continuation);
        var counts = await instances.CountByStatusAsync(1000, http.RequestAborted);
        var page = await instances.ListAsync(search.ToFilter(), http.RequestAborted);
        return Page(http, "Operations", InstancesView.Render(counts, search, page));
    }

    private static async Task<IResult> Instance(HttpContext http, IWorkflowInstances instances, string id)
    {
        if (await instances.GetAsync(id, http.RequestAborted) is not { } instance)
        {
            return DashboardLayout.Result(http, "Instance not found", DashboardNav.Operations,
                $"{OperationsNav.Render("instances")}<p>No workflow instance '{Html.E(id)}'. It may have been purged by retention.</p>", StatusCodes.Status404NotFound);
        }
        JsonElement history;
        try
        {
            history = JsonSerializer.SerializeToElement(await instances.HistoryAsync(id, http.RequestAborted));
        }
        catch (NotSupportedException)
        {
            history = default; // a backend that keeps no readable history: the instance's facts still show
        }
        return Page(http, "Instance " + id, InstanceHistoryView.Render(instance, history));
    }

    private static IResult Page(HttpContext http, string title, string body) => DashboardLayout.Result(http, title, DashboardNav.Operations, body);
}
