namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Walks an email-like message (headers, MIME parts, transfer encodings, charsets, HTML)
/// or plain report text and hands the readable parts to an <see cref="ITextSink"/>.
/// One instance per thread: it owns reusable buffers.
/// </summary>
internal sealed partial class MessageReader : IMessageReader
{
    private readonly ByteBuffer _bytes = new();
    private readonly CharBuffer _decoded = new();
    private readonly CharBuffer _html = new();
    private readonly EncodedWords _encodedWords = new();
    private int _partsRead;

    public void Read(string text, ITextSink sink)
    {
        var input = text.AsSpan(0, Math.Min(text.Length, ReaderLimits.MaxInputChars));
        _partsRead = 0;
        if (!MessageLayout.TrySplitHeaders(input, out var headers, out var body))
        {
            EmitText(input, isHtml: HtmlText.LooksLikeHtml(input), sink);
            return;
        }
        ReadEntity(headers, body, depth: 0, sink);
    }

    private void ReadEntity(ReadOnlySpan<char> headers, ReadOnlySpan<char> body, int depth, ITextSink sink)
    {
        if (++_partsRead > ReaderLimits.MaxParts) return;
        var part = PartHeaders.Parse(headers, depth == 0 ? sink : null, _encodedWords);
        if (part.IsMultipart && depth < ReaderLimits.MaxMimeDepth)
        {
            sink.Marker("mime", part.MediaType);
            foreach (var child in new MultipartParts(body, part.Boundary))
                ReadEntity(child.Headers, child.Body, depth + 1, sink);
            return;
        }
        if (part.IsMessage && depth < ReaderLimits.MaxMimeDepth
            && MessageLayout.TrySplitHeaders(body, out var innerHeaders, out var innerBody))
        {
            ReadEntity(innerHeaders, innerBody, depth + 1, sink);
            return;
        }
        if (!part.IsText)
        {
            sink.Marker("part", part.MediaType);
            return;
        }
        if (part.IsHtml) sink.Marker("mime", part.MediaType);
        ReadTextPart(part, body, sink);
    }

    private void ReadTextPart(PartHeaders part, ReadOnlySpan<char> body, ITextSink sink)
    {
        var text = Decode(part, body);
        EmitText(text, part.IsHtml || HtmlText.LooksLikeHtml(text), sink);
    }

    private void EmitText(ReadOnlySpan<char> text, bool isHtml, ITextSink sink)
    {
        if (!isHtml)
        {
            sink.Body(text);
            return;
        }
        _html.Clear();
        HtmlText.Extract(text, _html);
        sink.Body(_html.Span);
    }
}
