namespace EnforcementFlows.App.Dashboard;

/// <summary>The case page (analysts and up), notes and proposals (analysts and up), decisions (approvers and up).</summary>
public static class CasePages
{
    public static RouteGroupBuilder MapCasePages(this RouteGroupBuilder group)
    {
        group.MapGet("/cases/{id}", Show);
        group.MapPost("/cases/{id}/decision", Decide).RequireAuthorization(DashboardPolicies.Approver);
        group.MapPost("/cases/{id}/propose", Propose);
        group.MapPost("/cases/{id}/notes", AddNote);
        return group;
    }

    private static async Task<IResult> Show(string id, string? done, HttpContext http, CaseDetailQueries queries)
    {
        if (await queries.GetAsync(id, http.RequestAborted) is not { } detail)
        {
            return DashboardLayout.Result(http, "Case not found", DashboardNav.Queue, $"<p>No case '{Html.E(id)}'.</p>", StatusCodes.Status404NotFound);
        }
        var request = DashboardRequest.For(http);
        return DashboardLayout.Result(new DashboardPage(request, "Case " + id, DashboardNav.Queue, CasePage.Body(request, detail, done)));
    }

    private static async Task<IResult> Decide(string id, HttpContext http, DashboardDecisions decisions)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var choice = form["decision"].ToString();
        if (choice is not ("approve" or "reject"))
        {
            return Flash.Refused(http, new DecisionOutcome(StatusCodes.Status400BadRequest, "Choose approve or reject."), CaseUrl(id), "Back to the case");
        }
        var comment = form["comment"].ToString() is { Length: > 0 } c ? c[..Math.Min(c.Length, 2000)] : null;
        var outcome = await decisions.DecideAsync(id, DashboardUser.From(http.User)!, choice == "approve", comment, http.RequestAborted);
        return outcome.Succeeded
            ? Results.Redirect(CaseUrl(id) + (choice == "approve" ? "?done=approved" : "?done=rejected"))
            : Flash.Refused(http, outcome, CaseUrl(id), "Back to the case");
    }

    private static async Task<IResult> Propose(string id, HttpContext http, DashboardDecisions decisions)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var reason = form["reason"].ToString().Trim();
        if (reason.Length is 0 or > 500)
        {
            return Flash.Refused(http, new DecisionOutcome(StatusCodes.Status400BadRequest, "Give a reason (up to 500 characters)."), CaseUrl(id), "Back to the case");
        }
        var outcome = await decisions.ProposeAsync(id, DashboardUser.From(http.User)!, reason, http.RequestAborted);
        return outcome.Succeeded ? Results.Redirect(CaseUrl(id) + "?done=proposed") : Flash.Refused(http, outcome, CaseUrl(id), "Back to the case");
    }

    private static async Task<IResult> AddNote(string id, HttpContext http, CaseNotes notes, Enforcement.Storage.CaseQueries cases)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var note = form["note"].ToString().Trim();
        if (await cases.GetCaseAsync(id, http.RequestAborted) is not { } found)
        {
            return Flash.Refused(http, DecisionOutcome.NotFound(id), "/dashboard/queue", "Back to the queue");
        }
        if (note.Length is 0 or > CaseNotes.MaxLength)
        {
            return Flash.Refused(http, new DecisionOutcome(StatusCodes.Status400BadRequest, $"A note has 1 to {CaseNotes.MaxLength} characters."), CaseUrl(id), "Back to the case");
        }
        await notes.AddAsync(id, found.AccountId, DashboardUser.From(http.User)!.Name, note, http.RequestAborted);
        return Results.Redirect(CaseUrl(id) + "?done=noted");
    }

    private static string CaseUrl(string id) => "/dashboard/cases/" + Uri.EscapeDataString(id);
}
