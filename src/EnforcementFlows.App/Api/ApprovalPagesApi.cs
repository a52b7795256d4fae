using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Api;

/// <summary>
/// Email approval links. GET renders a confirmation page and never changes anything (mail
/// scanners prefetch links); the page's POST, with an anti-forgery token, decides once.
/// </summary>
public static class ApprovalPagesApi
{
    public static IEndpointRouteBuilder MapApprovalPages(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/approvals").AllowAnonymous().ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                SetPageHeaders(context.HttpContext.Response);
                return await next(context);
            });
        group.MapGet("/{token}", Show);
        group.MapPost("/{token}", Decide).DisableAntiforgery(); // validated explicitly below, to answer with a page
        return endpoints;
    }

    /// <summary>No referrer (the URL is the token), no caching, no framing, no script: on every approval page, on every host.</summary>
    internal static void SetPageHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers["X-Content-Type-Options"] = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    internal static async Task<IResult> Show(string token, string? decision, HttpContext http, IDomainDatabase store, IAntiforgery antiforgery,
        IOptions<ApprovalPageOptions> options, TimeProvider time, CaseWorkflowCommands workflows)
    {
        var link = await ApprovalLink.FindAsync(store, token, http.RequestAborted);
        if (Check(link, http, options.Value, time) is { } refusal)
        {
            return refusal;
        }
        if (await store.RunInTransactionAsync(tx => HumanProposals.RefusalFor(tx, link!.CaseId, link.Approver), http.RequestAborted) is { } ownProposal)
        {
            return ApprovalPage.Message(StatusCodes.Status403Forbidden, "You proposed this action", ownProposal);
        }
        var tokens = antiforgery.GetAndStoreTokens(http);
        return ApprovalPage.Confirm(link!, $"/approvals/{Uri.EscapeDataString(token)}", tokens.FormFieldName, tokens.RequestToken!, decision);
    }

    internal static async Task<IResult> Decide(string token, HttpContext http, IDomainDatabase store, IAntiforgery antiforgery,
        IOptions<ApprovalPageOptions> options, TimeProvider time, CaseWorkflowCommands workflows)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return ApprovalPage.Message(StatusCodes.Status400BadRequest, "This form has expired", "Open the link from your email again and confirm from that page.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var choice = form["decision"].ToString();
        if (choice is not ("approve" or "reject"))
        {
            return ApprovalPage.Message(StatusCodes.Status400BadRequest, "Choose approve or reject", "No decision was recorded.");
        }
        var comment = form["comment"].ToString() is { Length: > 0 } c ? c[..Math.Min(c.Length, 2000)] : null;

        var outcome = await store.RunInTransactionAsync(tx =>
        {
            var link = ApprovalLink.Find(tx, token);
            if (Check(link, http, options.Value, time) is { } refused)
            {
                return refused;
            }
            var now = time.GetUtcNow();
            var already = Convert.ToInt32(tx.Scalar("SELECT COUNT(*) FROM ef_approvals WHERE case_id = $p0 AND approver = $p1 AND used_at IS NOT NULL",
                link!.CaseId, link.Approver));
            if (already > 0)
            {
                return ApprovalPage.Message(StatusCodes.Status409Conflict, "You already decided on this case", "A second approval must come from a different approver.");
            }
            if (HumanProposals.RefusalFor(tx, link.CaseId, link.Approver) is { } ownProposal)
            {
                return ApprovalPage.Message(StatusCodes.Status403Forbidden, "You proposed this action", ownProposal + " Nothing was changed.");
            }
            // Guarded: on PostgreSQL a concurrent submit of the same link waits for this row and then finds it used.
            if (tx.Execute("UPDATE ef_approvals SET used_at = $p1, decision = $p2, comment = $p3 WHERE request_id = $p0 AND used_at IS NULL AND superseded_at IS NULL",
                link.RequestId, now.ToUnixTimeMilliseconds(), choice, comment) == 0)
            {
                return ApprovalPage.Message(StatusCodes.Status409Conflict, "This link was already used", "A decision was already recorded with it.");
            }
            if (choice == "reject")
            {
                tx.Execute("UPDATE ef_approvals SET superseded_at = $p1 WHERE case_id = $p0 AND used_at IS NULL AND superseded_at IS NULL", link.CaseId, now.ToUnixTimeMilliseconds());
            }
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ApprovalDecided, "approver:" + link.Approver, AuditEntries.Data(new JsonObject
            {
                ["requestId"] = link.RequestId,
                ["decision"] = choice,
                ["comment"] = comment,
            }), link.CaseId, link.AccountId));
            workflows.RaiseDecision(tx, link.InstanceId, new ApprovalDecision(choice == "approve", link.Approver, comment, link.CaseId, DecisionId: link.RequestId));
            return ApprovalPage.Message(StatusCodes.Status200OK, "Decision recorded",
                $"You chose to {choice} the proposed action on case {link.CaseId}. You can close this page.");
        }, http.RequestAborted);
        return outcome;
    }

    /// <summary>Unknown (404), signed in as someone else (401/403), used or superseded (409), expired (410); null when usable.</summary>
    private static IResult? Check(ApprovalLink? link, HttpContext http, ApprovalPageOptions options, TimeProvider time)
    {
        if (link is null)
        {
            return ApprovalPage.Message(StatusCodes.Status404NotFound, "Unknown link", "This approval link does not exist. Check that it was copied completely.");
        }
        if (options.RequireSignIn)
        {
            var who = Security.ClientPrincipal.NameOf(http.Request);
            if (who is null)
            {
                return ApprovalPage.Message(StatusCodes.Status401Unauthorized, "Sign in required", "Sign in with your organisation account, then open the link again.");
            }
            if (!string.Equals(who, link.Approver, StringComparison.OrdinalIgnoreCase))
            {
                return ApprovalPage.Message(StatusCodes.Status403Forbidden, "This link is not yours", "It was sent to another approver and only works for them.");
            }
        }
        return link.Refusal(time.GetUtcNow()) is { } r ? ApprovalPage.Message(r.Status, r.Title, r.Detail) : null;
    }
}
