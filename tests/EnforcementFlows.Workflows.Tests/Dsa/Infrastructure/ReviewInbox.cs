using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace EnforcementFlows.Workflows.Tests.Dsa.Infrastructure;

/// <summary>
/// The reviewers' inbox: the service's .eml pickup directory. Finds the email to one address about one case or appeal, and decides
/// through its link as a browser would (open the confirmation page, then submit its form with the anti-forgery field).
/// </summary>
public static partial class ReviewInbox
{
    public sealed record Email(string File, string To, string Text, string ApprovePath, string RejectPath);

    public static IReadOnlyList<Email> Read(string pickup)
    {
        if (!Directory.Exists(pickup))
        {
            return [];
        }
        var emails = new List<Email>();
        foreach (var file in Directory.GetFiles(pickup, "*.eml"))
        {
            string text;
            try
            {
                text = Decode(File.ReadAllText(file));
            }
            catch (IOException)
            {
                continue; // still being written
            }
            var to = To().Match(text);
            var approve = Approve().Match(text);
            var reject = Reject().Match(text);
            if (to.Success && approve.Success && reject.Success)
            {
                emails.Add(new Email(file, to.Groups[1].Value.Trim(), text, new Uri(approve.Groups[1].Value).PathAndQuery, new Uri(reject.Groups[1].Value).PathAndQuery));
            }
        }
        return emails;
    }

    /// <summary>Opens the link's confirmation page and submits <paramref name="decision"/> from it; returns the answer's status.</summary>
    public static async Task<HttpStatusCode> DecideAsync(HttpClient browser, string path, string decision, string comment)
    {
        using var page = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var field = Hidden().Match(html);
        Assert.True(field.Success, "the confirmation page must carry an anti-forgery field");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value),
            ["decision"] = decision,
            ["comment"] = comment,
        });
        using var posted = await browser.PostAsync(new Uri(path, UriKind.Relative).OriginalString.Split('?')[0], form);
        return posted.StatusCode;
    }

    /// <summary>Quoted-printable (RFC 2045) undone, so the text reads as the reviewer sees it.</summary>
    private static string Decode(string encoded)
    {
        var unwrapped = encoded.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
        var bytes = new List<byte>(unwrapped.Length);
        for (var i = 0; i < unwrapped.Length; i++)
        {
            if (unwrapped[i] == '=' && i + 2 < unwrapped.Length
                && byte.TryParse(unwrapped.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                bytes.Add(value);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(unwrapped[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [GeneratedRegex(@"^To: (.+)$", RegexOptions.Multiline)]
    private static partial Regex To();

    [GeneratedRegex(@"APPROVE: (\S+)")]
    private static partial Regex Approve();

    [GeneratedRegex(@"REJECT:\s+(\S+)")]
    private static partial Regex Reject();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex Hidden();
}
