namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>Links between the operations pages (instances, audit chain, configuration).</summary>
internal static class OperationsNav
{
    private static readonly (string Id, string Label, string Href)[] Items =
    [
        ("instances", "Workflow instances", "/dashboard/operations"),
        ("audit", "Audit chain", "/dashboard/operations/audit"),
        ("configuration", "Configuration", "/dashboard/operations/configuration"),
    ];

    public static string Render(string current)
        => "<nav aria-label=\"Operations\" class=\"filters\">" + string.Concat(Items.Select(i =>
            $"<a href=\"{i.Href}\"{(i.Id == current ? " aria-current=\"page\"" : "")}>{Html.E(i.Label)}</a>")) + "</nav>";
}
