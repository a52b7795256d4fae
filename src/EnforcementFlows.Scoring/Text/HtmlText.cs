namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Reduces HTML to the text a reader would see, plus the link targets (href/src), which
/// are strong evidence in abuse reports. Not a parser: it only has to survive broken markup.
/// </summary>
internal static partial class HtmlText
{
    public static void Extract(ReadOnlySpan<char> html, CharBuffer output)
    {
        int i = 0;
        while (i < html.Length)
        {
            char c = html[i];
            if (c == '<') i = SkipMarkup(html, i, output);
            else if (c == '&') i = AppendEntity(html, i, output);
            else
            {
                int next = html[i..].IndexOfAny('<', '&');
                int end = next < 0 ? html.Length : i + next;
                output.Append(html[i..end]);
                i = end;
            }
        }
    }

    public static bool LooksLikeHtml(ReadOnlySpan<char> text) => HtmlSniffer.LooksLikeHtml(text);
}
