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
    // Reused per message: the parser's read buffers and the byte copy of the text.
    private readonly MimeParser _latin1Parser = new(Latin1Options, Stream.Null, MimeFormat.Entity);
    private readonly MimeParser _utf8Parser = new(Utf8Options, Stream.Null, MimeFormat.Entity);
    private byte[] _bytes = new byte[16 * 1024];
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

    private MimeMessage? Parse(ReadOnlySpan<char> input, out Encoding identity)
    {
        // The text arrived decoded already. Bytes that map back one to one (Latin-1 when every
        // char fits, UTF-8 otherwise) let 8bit parts and raw header bytes read back unchanged.
        identity = FitsLatin1(input) ? Encoding.Latin1 : Encoding.UTF8;
        int needed = identity.GetMaxByteCount(input.Length);
        if (_bytes.Length < needed) _bytes = new byte[Math.Max(needed, _bytes.Length * 2)];
        int length = identity.GetBytes(input, _bytes);
        // The buffer is reused for the next message, so nothing of the parse may outlive this
        // call: MimeKit loads part content into its own streams when it parses a MemoryStream
        // it does not own (persistent = false).
        var stream = new MemoryStream(_bytes, 0, length, writable: false);
        try
        {
            var parser = identity == Encoding.Latin1 ? _latin1Parser : _utf8Parser;
            parser.SetStream(stream, MimeFormat.Entity, persistent: false);
            return parser.ParseMessage();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool FitsLatin1(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('\0', '\u00FF');

    private static readonly ParserOptions Latin1Options = NewParserOptions(Encoding.Latin1);
    private static readonly ParserOptions Utf8Options = NewParserOptions(Encoding.UTF8);

    private static ParserOptions NewParserOptions(Encoding identity) => new()
    {
        // MimeKit stops nesting here; our walk stops earlier still.
        MaxMimeDepth = ReaderLimits.MaxMimeDepth + 2,
        CharsetEncoding = identity,
        RespectContentLength = false,
    };
}
