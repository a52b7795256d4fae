using System.Net;
using System.Text.RegularExpressions;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>Reads the confirmation page's form the way a browser would submit it.</summary>
public static partial class ApprovalForm
{
    public static FormUrlEncodedContent Submit(string page, string decision, string? comment = null)
    {
        var field = HiddenField().Match(page);
        Assert.True(field.Success, "the confirmation page must carry an anti-forgery field");
        var values = new Dictionary<string, string>
        {
            [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value),
            ["decision"] = decision,
        };
        if (comment is not null)
        {
            values["comment"] = comment;
        }
        return new FormUrlEncodedContent(values);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex HiddenField();
}
