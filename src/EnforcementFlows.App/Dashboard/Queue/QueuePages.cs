using System.Globalization;

namespace EnforcementFlows.App.Dashboard;

/// <summary>The review queue (analysts and up), claims, and bulk dismiss (approvers and up).</summary>
public static class QueuePages
{
    public static RouteGroupBuilder MapQueuePages(this RouteGroupBuilder group)
    {
        group.MapGet("/queue", Show);
        group.MapPost("/queue/dismiss", Dismiss).RequireAuthorization(DashboardPolicies.Approver);
        group.MapPost("/cases/{id}/claim", Claim);
        group.MapPost("/cases/{id}/release", async (string id, HttpContext http, CaseClaims claims) =>
        {
            await claims.ReleaseAsync(id, DashboardUser.From(http.User)!.Name, http.RequestAborted);
            return Results.Redirect($"/dashboard/cases/{Uri.EscapeDataString(id)}?done=released");
        });
        return group;
    }

    private static async Task<IResult> Show(HttpContext http, QueueQueries queue, string? category, string? severity, string? tier, string? claimed, string? minScore,
        string? done)
    {
        var request = DashboardRequest.For(http);
        var filter = new QueueFilter(Blank(category), CaseSeverities.Parse(severity), Blank(tier), Blank(claimed),
            double.TryParse(minScore, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) ? min : null);
        var all = await queue.AwaitingAsync(http.RequestAborted);
        var shown = QueueQueries.Prioritised(all.Where(i => filter.Matches(i, request.SignedIn.Name))).ToList();
        return DashboardLayout.Result(new DashboardPage(request, "Review queue", DashboardNav.Queue, QueuePage.Body(request, shown, all.Count, filter, done)));
    }

    private static async Task<IResult> Claim(string id, HttpContext http, CaseClaims claims, QueueQueries queue)
    {
        var user = DashboardUser.From(http.User)!;
        var claim = await claims.ClaimAsync(id, user.Name, http.RequestAborted);
        if (!string.Equals(claim.Reviewer, user.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Flash.Refused(http, DecisionOutcome.Conflict($"Case {id} is already claimed by {claim.Reviewer} until {claim.ExpiresAt:u}."),
                "/dashboard/queue", "Back to the queue");
        }
        return Results.Redirect($"/dashboard/cases/{Uri.EscapeDataString(id)}?done=claimed");
    }

    private static async Task<IResult> Dismiss(HttpContext http, DashboardDecisions decisions)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reason = form["reason"].ToString().Trim();
        var selected = form["caseId"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (reason.Length is 0 or > 500 || selected.Count == 0)
        {
            return Flash.Refused(http, new DecisionOutcome(StatusCodes.Status400BadRequest, "Select at least one case and give a reason (up to 500 characters)."),
                "/dashboard/queue", "Back to the queue");
        }
        var results = await decisions.DismissAsync(selected, DashboardUser.From(http.User)!, reason, http.RequestAborted);
        var refused = results.Where(r => !r.Outcome.Succeeded).ToList();
        if (refused.Count == 0)
        {
            return Results.Redirect("/dashboard/queue?done=dismissed");
        }
        var message = $"{results.Count - refused.Count} of {results.Count} cases were dismissed. Not dismissed: "
            + string.Join(" ", refused.Select(r => r.Outcome.Message));
        return Flash.Refused(http, new DecisionOutcome(refused.Max(r => r.Outcome.Status), message), "/dashboard/queue", "Back to the queue",
            refused.Count == results.Count ? null : "Some cases were not dismissed");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
