namespace EnforcementFlows.Scoring.Text;

/// <summary>Cheap sniff for HTML sent without a text/html content type: one pass over the '&lt;'s.</summary>
internal static class HtmlSniffer
{
    private static readonly string[] TellTaleTags = ["html", "body", "table", "font", "a href", "br", "p>", "div"];

    public static bool LooksLikeHtml(ReadOnlySpan<char> text)
    {
        int at;
        while ((at = text.IndexOf('<')) >= 0)
        {
            text = text[(at + 1)..];
            foreach (var tag in TellTaleTags)
                if (text.StartsWith(tag, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
