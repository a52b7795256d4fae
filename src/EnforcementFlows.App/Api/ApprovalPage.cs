using System.Net;
using System.Text;
using System.Text.Json;

namespace EnforcementFlows.App.Api;

/// <summary>Server-rendered pages for approval links: no JavaScript, every value HTML-encoded.</summary>
internal static class ApprovalPage
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        + "dt{font-weight:600}button{font-size:1rem;padding:.5rem 1.5rem;margin-top:1rem}textarea{width:100%}";

    public static IResult Message(int status, string title, string detail)
        => Html(status, title, $"<h1>{E(title)}</h1><p>{E(detail)}</p>");

    public static IResult Confirm(ApprovalLink link, string formAction, string antiforgeryField, string antiforgeryValue, string? preselected)
    {
        var proposal = JsonDocument.Parse(link.ProposalJson).RootElement;
        string P(string name) => proposal.TryGetProperty(name, out var v) ? v.ToString() : "";
        var duration = P("DurationSeconds") is { Length: > 0 } s && long.TryParse(s, out var secs) ? " for " + Humanize(TimeSpan.FromSeconds(secs)) : "";
        var approve = preselected != "reject" ? " checked" : "";
        var reject = preselected == "reject" ? " checked" : "";
        var body = new StringBuilder()
            .Append("<h1>Decide on case ").Append(E(link.CaseId)).Append("</h1>")
            .Append("<dl><dt>Account</dt><dd>").Append(E(link.AccountId)).Append("</dd>")
            .Append("<dt>Category</dt><dd>").Append(E(P("Category"))).Append("</dd>")
            .Append("<dt>Score</dt><dd>").Append(E(P("Score"))).Append("</dd>")
            .Append("<dt>Proposed action</dt><dd>").Append(E(P("Outcome") + duration)).Append("</dd>")
            .Append("<dt>Approvers needed</dt><dd>").Append(E(P("RequiredApprovers"))).Append("</dd>")
            .Append("<dt>You are deciding as</dt><dd>").Append(E(link.Approver)).Append("</dd>")
            .Append("<dt>Link expires</dt><dd>").Append(E(link.ExpiresAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))).Append("</dd></dl>")
            .Append("<form method=\"post\" action=\"").Append(E(formAction)).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(E(antiforgeryField)).Append("\" value=\"").Append(E(antiforgeryValue)).Append("\">")
            .Append("<fieldset><legend>Your decision</legend>")
            .Append("<label><input type=\"radio\" name=\"decision\" value=\"approve\"").Append(approve).Append("> Approve</label> ")
            .Append("<label><input type=\"radio\" name=\"decision\" value=\"reject\"").Append(reject).Append("> Reject</label></fieldset>")
            .Append("<p><label for=\"comment\">Comment (optional)</label><br><textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"2000\"></textarea></p>")
            .Append("<button type=\"submit\">Confirm decision</button></form>")
            .Append("<p><small>Opening this page changes nothing; only the button above records a decision.</small></p>");
        return Html(StatusCodes.Status200OK, "Confirm your decision", body.ToString());
    }

    private static IResult Html(int status, string title, string body)
        => Results.Content($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + $"<meta name=\"referrer\" content=\"no-referrer\"><title>{E(title)}</title><style>{Style}</style></head><body>{body}</body></html>",
            "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Humanize(TimeSpan d) => d.TotalDays >= 1 && d.TotalDays % 1 == 0 ? $"{d.TotalDays:0} day{(d.TotalDays == 1 ? "" : "s")}"
        : d.TotalHours >= 1 && d.TotalHours % 1 == 0 ? $"{d.TotalHours:0} hour{(d.TotalHours == 1 ? "" : "s")}"
        : d.ToString();

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
