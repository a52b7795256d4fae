namespace EnforcementFlows.Scoring.Text;

internal static partial class HtmlText
{

    private static int SkipMarkup(ReadOnlySpan<char> html, int start, CharBuffer output)
    {
        var rest = html[start..];
        if (rest.StartsWith("<!--")) return SkipPast(html, start + 4, "-->");
        int close = rest.IndexOf('>');
        if (close < 0)
        {
            output.Append(' ');
            return html.Length; // an unterminated tag swallows the rest, as browsers do
        }
        var tag = rest[1..close];
        var rawName = TagName(tag);
        Span<char> name = stackalloc char[Math.Min(rawName.Length, 8)];
        rawName[..name.Length].ToLowerInvariant(name);
        if (name is "script") return SkipPast(html, start + close + 1, "</script");
        if (name is "style") return SkipPast(html, start + close + 1, "</style");
        if (name is "a" or "img" or "area" or "link" or "iframe" or "frame" or "form") AppendLinkTargets(tag, output);
        // Inline tags do not separate words: spammers split words with them ("V<b></b>iagra").
        bool inline = name is "b" or "i" or "u" or "s" or "em" or "strong" or "font" or "span" or "small" or "big" or "a" or "sub" or "sup";
        if (!inline) output.Append(' ');
        return start + close + 1;
    }

    private static ReadOnlySpan<char> TagName(ReadOnlySpan<char> tag)
    {
        tag = tag.TrimStart('/').TrimStart();
        int end = 0;
        while (end < tag.Length && char.IsAsciiLetterOrDigit(tag[end])) end++;
        return tag[..end];
    }

    private static void AppendLinkTargets(ReadOnlySpan<char> tag, CharBuffer output)
    {
        foreach (var attribute in (ReadOnlySpan<string>)["href=", "src=", "action="])
        {
            int at = tag.IndexOf(attribute, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            var value = tag[(at + attribute.Length)..].TrimStart();
            char quote = value.Length > 0 && value[0] is '"' or '\'' ? value[0] : '\0';
            if (quote != '\0') value = value[1..];
            int end = quote != '\0' ? value.IndexOf(quote) : value.IndexOfAny(' ', '\t', '\n');
            if (end >= 0) value = value[..end];
            output.Append(' ');
            output.Append(value);
            output.Append(' ');
        }
    }

    private static int SkipPast(ReadOnlySpan<char> html, int from, string terminator)
    {
        int at = html[from..].IndexOf(terminator, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return html.Length;
        int end = from + at + terminator.Length;
        int close = html[end..].IndexOf('>');
        return terminator.StartsWith("</", StringComparison.Ordinal) && close >= 0 ? end + close + 1 : end;
    }
}
