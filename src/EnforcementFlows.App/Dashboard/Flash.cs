namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// One-line confirmations after a form (post/redirect/get): the redirect carries a fixed code,
/// never free text, so a crafted link cannot put words on a dashboard page.
/// </summary>
public static class Flash
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        ["claimed"] = "You claimed this case. Other reviewers see it as yours until the claim expires.",
        ["released"] = "You released the case.",
        ["approved"] = "Your approval was recorded and sent to the case workflow.",
        ["rejected"] = "Your rejection was recorded and sent to the case workflow.",
        ["noted"] = "Your note was added.",
        ["proposed"] = "Your proposal was recorded. Approvers will see your name on it.",
        ["dismissed"] = "The selected cases were dismissed.",
    };

    public static string Render(string? code)
        => code is not null && Messages.TryGetValue(code, out var message)
            ? $"<p class=\"flash\" role=\"status\">{Html.E(message)}</p>"
            : "";

    /// <summary>A page explaining why an action was refused, with the outcome's status code.</summary>
    public static IResult Refused(HttpContext http, DecisionOutcome outcome, string backHref, string backLabel, string? title = null)
        => DashboardLayout.Result(http, title ?? "Nothing was changed", DashboardNav.Queue,
            $"<p class=\"flash error\" role=\"alert\">{Html.E(outcome.Message)}</p><p><a href=\"{Html.E(backHref)}\">{Html.E(backLabel)}</a></p>",
            outcome.Status);
}
