using System.Text;

namespace EnforcementFlows.App.Dashboard;

internal static partial class CasePage
{
    /// <summary>Each action's statement of reasons, as the account received it (reviewers check what was said).</summary>
    private static void AppendStatements(StringBuilder html, CaseDetail detail)
    {
        if (detail.Statements.Count == 0)
        {
            return;
        }
        html.Append("<h2>Statements of reasons</h2>");
        foreach (var s in detail.Statements)
        {
            html.Append("<div class=\"panel statement\" id=\"statement-").Append(Html.E(s.StatementId)).Append("\"><dl class=\"facts\">")
                .Append("<dt>Statement</dt><dd><code>").Append(Html.E(s.StatementId)).Append("</code> for action <code>").Append(Html.E(s.ActionId)).Append("</code></dd>")
                .Append("<dt>Restriction</dt><dd>").Append(Html.E(s.Restriction.Description)).Append("</dd>")
                .Append("<dt>Ground</dt><dd>").Append(Html.E(s.Ground.Clause)).Append(" (").Append(Html.E(s.Ground.DecisionGround)).Append(", ")
                .Append(Html.E(s.Ground.TransparencyCategory)).Append(")</dd>")
                .Append("<dt>Policy</dt><dd>").Append(Html.E(s.Ground.PolicyVersion ?? "an earlier version")).Append(" <code>").Append(Html.E(s.Ground.PolicyHash)).Append("</code></dd>")
                .Append("<dt>Facts</dt><dd>").Append(Html.E(s.Facts.Summary)).Append("</dd>")
                .Append("<dt>Automated detection</dt><dd>").Append(s.AutomatedDetection ? "yes" : "no").Append("</dd>")
                .Append("<dt>Automated decision</dt><dd>").Append(s.AutomatedDecision ? "yes" : "no").Append(" (").Append(Html.E(s.DecisionPath)).Append(")</dd>")
                .Append("<dt>Territorial scope</dt><dd>").Append(Html.E(string.Join(", ", s.TerritorialScope))).Append("</dd>")
                .Append("<dt>Appeal</dt><dd><a href=\"").Append(Html.E(s.Redress.AppealUrl.ToString())).Append("\">").Append(Html.E(s.Redress.AppealUrl.ToString()))
                .Append("</a> until ").Append(Html.Time(s.Redress.AppealDeadline)).Append("</dd></dl></div>");
        }
    }
}
