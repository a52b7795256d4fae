using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using AngleSharp.Text;

namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// HTML to the text a reader would see, on AngleSharp's HTML5 tokenizer (the spec's lexer:
/// character references decoded, comments, CDATA and bogus markup handled as browsers do),
/// plus link targets (href, src, action), which are strong evidence in abuse reports. Script,
/// style, template and noscript content and comments are dropped; inline tags do not split
/// words (spammers write "V&lt;b&gt;&lt;/b&gt;iagra").
/// </summary>
/// <remarks>
/// No DOM is built: for a bag of words the tree builder's work (misnesting repairs, foster
/// parenting, an element object per tag) changes nothing but the order of a few words and cost
/// about 4× the tokenizer (measured on the corpus, docs/benchmarks.md). The tokenizer is told
/// which elements hold raw text, as the tree builder would tell it. One instance per thread.
/// </remarks>
internal sealed class VisibleHtml
{
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "script", "style", "template", "noscript" };
    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal)
        { "b", "i", "u", "s", "em", "strong", "font", "span", "small", "big", "a", "sub", "sup" };
    private static readonly HashSet<string> Linking = new(StringComparer.Ordinal)
        { "a", "img", "area", "link", "iframe", "frame", "form" };
    private static readonly string[] LinkAttributes = ["href", "src", "action"];
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HiddenNames = Hidden.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> InlineNames = Inline.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LinkingNames = Linking.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly CharBuffer _output = new();
    private char[] _source = new char[16 * 1024];

    public ReadOnlySpan<char> Extract(ReadOnlySpan<char> html)
    {
        _output.Clear();
        html = html[..BoundedLength(html)];
        if (_source.Length < html.Length) _source = new char[Math.Max(html.Length, _source.Length * 2)];
        html.CopyTo(_source);
        var tokenizer = new HtmlTokenizer(new TextSource(new CharArrayTextSource(_source, html.Length)), HtmlEntityProvider.Resolver)
        {
            SkipComments = true,
            SkipProcessingInstructions = true,
            SkipCDATA = true,
        };
        string? hiddenUntil = null;
        int hiddenDepth = 0;
        while (true)
        {
            ref var token = ref tokenizer.GetStructToken();
            switch (token.Type)
            {
                case HtmlTokenType.EndOfFile:
                    return _output.Span;
                case HtmlTokenType.Character:
                    if (hiddenUntil is null) _output.Append(token.Data);
                    break;
                case HtmlTokenType.StartTag:
                    if (hiddenUntil is not null)
                    {
                        if (token.Name == hiddenUntil) hiddenDepth++;
                        break;
                    }
                    StartTag(tokenizer, ref token, ref hiddenUntil, ref hiddenDepth);
                    break;
                case HtmlTokenType.EndTag:
                    if (hiddenUntil is not null)
                    {
                        if (token.Name == hiddenUntil && --hiddenDepth == 0) hiddenUntil = null;
                        break;
                    }
                    if (!InlineNames.Contains(token.Name)) _output.Append(' ');
                    break;
            }
        }
    }

    private void StartTag(HtmlTokenizer tokenizer, ref StructHtmlToken token, ref string? hiddenUntil, ref int hiddenDepth)
    {
        ReadOnlySpan<char> name = token.Name;
        // What the tree builder does on these start tags: the element's content is raw text.
        tokenizer.State = name switch
        {
            "script" => HtmlParseMode.Script,
            "style" or "xmp" or "iframe" or "noembed" or "noframes" => HtmlParseMode.Rawtext,
            "title" or "textarea" => HtmlParseMode.RCData,
            "plaintext" => HtmlParseMode.Plaintext,
            _ => HtmlParseMode.PCData,
        };
        if (HiddenNames.TryGetValue(name, out var hidden) && !token.IsSelfClosing)
        {
            hiddenUntil = hidden;
            hiddenDepth = 1;
            return;
        }
        if (LinkingNames.Contains(name)) AppendLinkTargets(ref token);
        if (!InlineNames.Contains(name)) _output.Append(' ');
    }

    private void AppendLinkTargets(ref StructHtmlToken token)
    {
        var attributes = token.Attributes;
        foreach (var wanted in LinkAttributes)
        {
            for (int k = 0; k < attributes.Count; k++)
            {
                var attribute = attributes[k];
                if (attribute.Name != wanted || attribute.Value.Length == 0) continue;
                _output.Append(' ');
                _output.Append(attribute.Value);
                _output.Append(' ');
                break; // the first of a repeated attribute wins, as in the DOM
            }
        }
    }

    /// <summary>
    /// The prefix holding at most <see cref="ReaderLimits.MaxHtmlTags"/> start tags, so one part
    /// costs at most a bounded number of tokens however it is built; the largest corpus message
    /// has about 1,200 tags.
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
}
