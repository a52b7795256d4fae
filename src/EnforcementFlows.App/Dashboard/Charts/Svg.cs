using System.Globalization;
using System.Net;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>Escaping and number formatting for hand-written SVG and HTML.</summary>
internal static class Svg
{
    /// <summary>Escapes text and attribute values (&amp;, &lt;, &gt;, quotes) and drops control characters XML cannot carry.</summary>
    public static string E(string? text)
    {
        var value = text ?? "";
        if (value.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF'))
        {
            value = new string(value.Where(c => !(c < ' ' && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF')).ToArray());
        }
        return WebUtility.HtmlEncode(value);
    }

    /// <summary>A coordinate: invariant culture, one decimal.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
