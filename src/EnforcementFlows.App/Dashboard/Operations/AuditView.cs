using System.Text;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The body of /dashboard/operations/audit: the chain's head now, the last verification, and the button to verify again.</summary>
public static class AuditView
{
    public static string Render(DashboardRequest request, AuditHead head, AuditCheck? last)
    {
        var html = new StringBuilder(OperationsNav.Render("audit"));
        html.Append("<h2>Head of the chain</h2><dl class=\"facts\" id=\"audit-head\">")
            .Append($"<dt>Records</dt><dd>{head.Count}</dd><dt>Head hash</dt><dd><code>{Html.E(head.Hash)}</code></dd></dl>")
            .Append("<p class=\"muted\">Publish or archive the head (also <code>audit head</code> on the command line): a later verification against it detects a truncated or rewritten tail.</p>");
        html.Append("<h2>Last verification</h2>");
        if (last is null)
        {
            html.Append("<p id=\"audit-last\">Not verified since the service started.</p>");
        }
        else
        {
            html.Append($"<dl class=\"facts\" id=\"audit-last\"><dt>Result</dt><dd class=\"{(last.Ok ? "sev-low" : "sev-critical")}\">{(last.Ok ? "OK: the chain is intact" : "BROKEN")}</dd>")
                .Append($"<dt>Checked</dt><dd>{Html.Time(last.CheckedAt)} by {Html.E(last.CheckedBy)}</dd>")
                .Append($"<dt>Records checked</dt><dd>{last.RecordsChecked}</dd>");
            if (last.FirstBadIndex is { } bad)
            {
                html.Append($"<dt>First bad record</dt><dd>{bad}</dd>");
            }
            html.Append($"<dt>Detail</dt><dd>{Html.E(last.Reason)}</dd><dt>Verified head</dt><dd><code>{Html.E(last.HeadHash)}</code></dd></dl>");
        }
        html.Append("<form method=\"post\" action=\"/dashboard/operations/audit/verify\" class=\"panel\">").Append(Html.AntiforgeryField(request))
            .Append("<button type=\"submit\">Verify the chain now</button> <span class=\"muted\">Recomputes every record's hash; changes nothing.</span></form>");
        return html.ToString();
    }
}
