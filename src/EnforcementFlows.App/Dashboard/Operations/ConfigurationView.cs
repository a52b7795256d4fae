using System.Text;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The body of /dashboard/operations/configuration: every bound setting, secrets as "set"/"not set".</summary>
public static class ConfigurationView
{
    public static string Render(IReadOnlyList<ConfigurationEntry> entries)
    {
        var html = new StringBuilder(OperationsNav.Render("configuration"));
        html.Append("<p class=\"muted\">Values as the service bound them at start. Secrets, keys, passwords and tokens are shown only as set or not set.</p>");
        foreach (var section in entries.GroupBy(e => e.Section))
        {
            html.Append($"<h2>{Html.E(section.Key)}</h2><table class=\"configuration\"><thead><tr><th scope=\"col\">Setting</th><th scope=\"col\">Value</th></tr></thead><tbody>");
            foreach (var entry in section)
            {
                html.Append($"<tr><th scope=\"row\"><code>{Html.E(entry.Key)}</code></th><td>{Html.E(entry.Display)}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        return html.ToString();
    }
}
