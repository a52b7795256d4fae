using System.Globalization;
using System.Net;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// HTML encoding for dashboard pages. Every value that did not come from this code (case data,
/// evidence, names, comments) goes through <see cref="E"/> before it reaches a page.
/// </summary>
public static class Html
{
    /// <summary>Encodes text for element content and double-quoted attribute values.</summary>
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>Encodes a value for a URL path segment, then for HTML.</summary>
    public static string Url(string value) => E(Uri.EscapeDataString(value));

    /// <summary>A time as "yyyy-MM-dd HH:mm:ss UTC" (the dashboard speaks UTC only).</summary>
    public static string Time(DateTimeOffset? at) => at is { } t ? E(t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)) : "";

    /// <summary>A number with invariant formatting (a decimal point whatever the server's culture).</summary>
    public static string Number(double value, string format = "0.###") => E(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>A hidden anti-forgery field, for every form the dashboard renders.</summary>
    public static string AntiforgeryField(DashboardRequest request)
        => $"<input type=\"hidden\" name=\"{E(request.AntiforgeryFieldName)}\" value=\"{E(request.AntiforgeryToken)}\">";
}
