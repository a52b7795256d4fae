using System.Text.RegularExpressions;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

/// <summary>Submits a dashboard form the way a browser would: with the anti-forgery field the page rendered.</summary>
internal static partial class DashboardForms
{
    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\"[^>]*><input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex PostForm();

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pagePath, string formAction)
    {
        var page = await client.GetStringAsync(pagePath);
        var form = PostForm().Matches(page).FirstOrDefault(m => m.Groups["action"].Value == formAction)
            ?? throw new InvalidOperationException($"No POST form to {formAction} on {pagePath}.");
        var token = System.Net.WebUtility.HtmlDecode(form.Groups["value"].Value);
        return await client.PostAsync(formAction, new FormUrlEncodedContent([new(form.Groups["name"].Value, token)]));
    }
}
