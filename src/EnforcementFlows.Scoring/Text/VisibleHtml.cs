using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// HTML to the text a reader would see, on AngleSharp's HTML5 parser (entities decoded,
/// broken markup repaired as browsers do), plus link targets (href, src, action), which are
/// strong evidence in abuse reports. Script, style and template content and comments are
/// dropped; inline tags do not split words (spammers write "V&lt;b&gt;&lt;/b&gt;iagra").
/// One instance per thread: it reuses its parser and buffer.
/// </summary>
internal sealed class VisibleHtml
{
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "template", "noscript" };
    private static readonly HashSet<string> Inline = new(StringComparer.OrdinalIgnoreCase)
        { "b", "i", "u", "s", "em", "strong", "font", "span", "small", "big", "a", "sub", "sup" };
    private static readonly HashSet<string> Linking = new(StringComparer.OrdinalIgnoreCase)
        { "a", "img", "area", "link", "iframe", "frame", "form" };
    private static readonly string[] LinkAttributes = ["href", "src", "action"];

    private readonly HtmlParser _parser = new(new HtmlParserOptions { IsKeepingSourceReferences = false });
    private readonly CharBuffer _output = new();
    private readonly Stack<(INode Node, bool Closing)> _pending = new();

    public ReadOnlySpan<char> Extract(ReadOnlySpan<char> html)
    {
        _output.Clear();
        using var document = _parser.ParseDocument(html[..BoundedLength(html)].ToString());
        // Iterative walk: a hostile document may nest elements far deeper than the call stack.
        _pending.Clear();
        _pending.Push((document, false));
        while (_pending.Count > 0)
        {
            var (node, closing) = _pending.Pop();
            if (closing)
            {
                _output.Append(' ');
                continue;
            }
            if (node is IText text) _output.Append(text.Data);
            else if (node is IElement element) Open(element);
            else if (node is IDocument) PushChildren(node);
        }
        return _output.Span;
    }

    /// <summary>
    /// The prefix holding at most <see cref="ReaderLimits.MaxHtmlTags"/> start tags. HTML5 tree
    /// building costs grow with the square of the nesting depth (60,000 nested divs take
    /// AngleSharp minutes); the largest corpus message has about 1,200 tags.
    /// </summary>
    private static int BoundedLength(ReadOnlySpan<char> html)
    {
        int tags = 0;
        for (int i = html.IndexOf('<'); i >= 0 && i + 1 < html.Length; )
        {
            if (char.IsAsciiLetter(html[i + 1]) && ++tags > ReaderLimits.MaxHtmlTags) return i;
            int next = html[(i + 1)..].IndexOf('<');
            if (next < 0) break;
            i += next + 1;
        }
        return html.Length;
    }

    private void Open(IElement element)
    {
        string name = element.LocalName;
        if (Hidden.Contains(name)) return;
        if (Linking.Contains(name)) AppendLinkTargets(element);
        bool block = !Inline.Contains(name);
        if (block)
        {
            _output.Append(' ');
            _pending.Push((element, true));
        }
        PushChildren(element);
    }

    private void PushChildren(INode node)
    {
        var children = node.ChildNodes;
        for (int k = children.Length - 1; k >= 0; k--) _pending.Push((children[k], false));
    }

    private void AppendLinkTargets(IElement element)
    {
        foreach (var attribute in LinkAttributes)
        {
            if (element.GetAttribute(attribute) is not { Length: > 0 } target) continue;
            _output.Append(' ');
            _output.Append(target);
            _output.Append(' ');
        }
    }
}
