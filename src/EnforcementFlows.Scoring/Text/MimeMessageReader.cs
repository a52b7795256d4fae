using System.Text;
using MimeKit;

namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Reads email-like input with MimeKit (headers with RFC 2047 words decoded, MIME parts,
/// transfer encodings, charsets) and HTML with AngleSharp, under our guards: only the first
/// <see cref="ReaderLimits.MaxInputChars"/> characters, at most <see cref="ReaderLimits.MaxMimeDepth"/>
/// nested levels and <see cref="ReaderLimits.MaxParts"/> parts; unknown charsets fall back to
/// Latin-1. Plain report text (no header block) skips MIME parsing.
/// </summary>
internal sealed partial class MimeMessageReader : IMessageReader
{
    private readonly VisibleHtml _html = new();
    private int _partsRead;

    public void Read(string text, ITextSink sink)
    {
        var input = text.AsSpan(0, Math.Min(text.Length, ReaderLimits.MaxInputChars));
        if (!MessageLayout.TrySplitHeaders(input, out _, out _))
        {
            EmitText(input, HtmlSniffer.LooksLikeHtml(input), sink);
            return;
        }
        if (input.StartsWith("From ")) input = input[(input.IndexOf('\n') + 1)..]; // mbox envelope line
        _partsRead = 0;
        var message = Parse(input, out var identity);
        if (message is null)
        {
            EmitText(input, isHtml: false, sink); // MimeKit refused the headers: the words still count
            return;
        }
        foreach (var header in message.Headers) sink.Header(header.Field, header.Value);
        if (message.Body is { } body) Walk(body, depth: 0, identity, sink);
    }

    private static MimeMessage? Parse(ReadOnlySpan<char> input, out Encoding identity)
    {
        // The text arrived decoded already. Bytes that map back one to one (Latin-1 when every
        // char fits, UTF-8 otherwise) let 8bit parts and raw header bytes read back unchanged.
        identity = FitsLatin1(input) ? Encoding.Latin1 : Encoding.UTF8;
        var bytes = identity.GetBytes(input.ToArray());
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            return new MimeParser(ParserOptionsFor(identity), stream, MimeFormat.Entity).ParseMessage();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool FitsLatin1(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('\0', '\u00FF');

    private static readonly ParserOptions Latin1Options = NewParserOptions(Encoding.Latin1);
    private static readonly ParserOptions Utf8Options = NewParserOptions(Encoding.UTF8);

    private static ParserOptions ParserOptionsFor(Encoding identity) => identity == Encoding.Latin1 ? Latin1Options : Utf8Options;

    private static ParserOptions NewParserOptions(Encoding identity) => new()
    {
        // MimeKit stops nesting here; our walk stops earlier still.
        MaxMimeDepth = ReaderLimits.MaxMimeDepth + 2,
        CharsetEncoding = identity,
        RespectContentLength = false,
    };
}
