using System.Text;

namespace EnforcementFlows.App.Dashboard;

/// <summary>Renders one case: facts, what the reviewer can do now, score, evidence, approvals, actions, notes, timeline.</summary>
internal static partial class CasePage
{
    public static string Body(DashboardRequest request, CaseDetail detail, string? done)
    {
        var c = detail.Case;
        var html = new StringBuilder(Flash.Render(done));
        html.Append("<dl class=\"facts\">")
            .Append("<dt>Account</dt><dd><a href=\"/dashboard/accounts/").Append(Html.Url(c.AccountId)).Append("\">").Append(Html.E(c.AccountId)).Append("</a></dd>")
            .Append("<dt>Status</dt><dd id=\"case-status\">").Append(Html.E(c.Status)).Append("</dd>")
            .Append("<dt>Category</dt><dd>").Append(Html.E(c.Category)).Append("</dd>")
            .Append("<dt>Score</dt><dd>").Append(c.Score is { } s ? Html.Number(s) : "not scored yet").Append("</dd>")
            .Append("<dt>Proposed action</dt><dd>").Append(Html.E(ActionText(detail.ProposedOutcome, detail.DurationSeconds))).Append("</dd>")
            .Append("<dt>Approvers needed</dt><dd>").Append(detail.RequiredApprovers).Append("</dd>")
            .Append("<dt>Policy rule</dt><dd>").Append(Html.E(detail.Rule ?? "none yet")).Append("</dd>")
            .Append("<dt>Policy hash</dt><dd><code>").Append(Html.E(detail.PolicyHash)).Append("</code></dd>")
            .Append("<dt>Model version</dt><dd>").Append(Html.E(detail.ModelVersion ?? "no text score")).Append("</dd>")
            .Append("<dt>Opened</dt><dd>").Append(Html.Time(c.OpenedAt)).Append("</dd>");
        if (detail.AwaitingDecision)
        {
            html.Append("<dt>Deadline</dt><dd>").Append(QueuePage.Countdown(detail.DeadlineAt)).Append("</dd>");
        }
        if (detail.Proposal is { } p)
        {
            html.Append("<dt>Proposed by</dt><dd>").Append(Html.E(p.ProposedBy)).Append(" — ").Append(Html.E(p.Reason)).Append("</dd>");
        }
        html.Append("</dl>");
        if (detail.AwaitingDecision)
        {
            AppendWork(html, request, detail);
        }
        AppendScore(html, detail);
        AppendEvidence(html, detail);
        AppendApprovals(html, detail);
        AppendActions(html, detail);
        AppendStatements(html, detail);
        AppendNotes(html, request, detail);
        AppendTimeline(html, detail);
        return html.ToString();
    }

    /// <summary>"suspend for 7 days", "warn".</summary>
    public static string ActionText(string outcome, long? durationSeconds)
    {
        if (durationSeconds is not { } secs)
        {
            return outcome;
        }
        var d = TimeSpan.FromSeconds(secs);
        var text = d.TotalDays >= 1 && d.TotalDays % 1 == 0 ? $"{d.TotalDays:0} day{(d.TotalDays == 1 ? "" : "s")}"
            : d.TotalHours >= 1 && d.TotalHours % 1 == 0 ? $"{d.TotalHours:0} hour{(d.TotalHours == 1 ? "" : "s")}"
            : d.ToString();
        return $"{outcome} for {text}";
    }
}
