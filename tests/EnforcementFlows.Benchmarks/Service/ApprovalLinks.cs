using System.Net;
using System.Text.RegularExpressions;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>Approve links from the service's email outbox (.eml files) and the confirmation form's fields.</summary>
internal static partial class ApprovalLinks
{
    /// <summary>Account id → the approve link of the email sent to <paramref name="approver"/>.</summary>
    public static Dictionary<string, string> Read(string outbox, string approver)
    {
        var links = new Dictionary<string, string>();
        foreach (var file in Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml") : [])
        {
            // Quoted-printable soft line breaks and '=' escapes are all that stand between the raw file and the links.
            var text = File.ReadAllText(file).Replace("=\r\n", "").Replace("=\n", "").Replace("=3D", "=");
            if (!text.Contains("To: " + approver, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var link = ApproveLink().Match(text);
            var account = Account().Match(text);
            if (link.Success && account.Success)
            {
                links[account.Groups[1].Value] = WebUtility.HtmlDecode(link.Groups[1].Value);
            }
        }
        return links;
    }

    public static FormUrlEncodedContent Approve(string page)
    {
        var field = HiddenField().Match(page);
        if (!field.Success)
        {
            throw new InvalidOperationException("the confirmation page carries no anti-forgery field");
        }
        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value),
            ["decision"] = "approve",
        });
    }

    [GeneratedRegex("(http://[^\"\\s<>]+/approvals/[^\"\\s<>]+approve[^\"\\s<>]*)")]
    private static partial Regex ApproveLink();

    [GeneratedRegex("(acct-bench-approval-[0-9]+)")]
    private static partial Regex Account();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex HiddenField();
}
