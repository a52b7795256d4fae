using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>One reviewer's HTTP session on the dashboard: GET pages, and POST forms with the token the page carried.</summary>
public sealed partial class DashboardSession(HttpClient client) : IDisposable
{
    public HttpClient Client => client;

    /// <summary>X-MS-CLIENT-PRINCIPAL as App Service authentication sets it (base64 JSON of auth_typ, name_typ, claims).</summary>
    public static string Principal(string name, IEnumerable<string> appRoles)
    {
        var claims = appRoles.Select(r => r.StartsWith("group:", StringComparison.Ordinal)
                ? new { typ = "groups", val = r["group:".Length..] }
                : new { typ = "roles", val = r })
            .Append(new { typ = "preferred_username", val = name });
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "preferred_username", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    public Task<HttpResponseMessage> GetAsync(string path) => client.GetAsync(path);

    /// <summary>GETs <paramref name="pagePath"/> for its anti-forgery token, then POSTs the fields (and the token) to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pagePath, string action, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(pagePath);
        var token = Token().Match(page);
        Assert.True(token.Success, $"{pagePath} must carry an anti-forgery field");
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>POSTs without any anti-forgery token (what a cross-site form would send).</summary>
    public Task<HttpResponseMessage> PostWithoutTokenAsync(string action, params (string Name, string Value)[] fields)
        => client.PostAsync(action, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    [GeneratedRegex("<input type=\"hidden\" name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\">")]
    private static partial Regex Token();

    public void Dispose() => client.Dispose();
}
