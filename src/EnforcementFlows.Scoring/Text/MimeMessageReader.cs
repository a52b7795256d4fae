using System.Text;
using MimeKit;

namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Reads email-like input with MimeKit (headers with RFC 2047 words decoded, MIME structure,
/// transfer encodings, charsets) and HTML with AngleSharp, under our guards: only the first
/// <see cref="ReaderLimits.MaxInputChars"/> characters, at most <see cref="ReaderLimits.MaxMimeDepth"/>
/// nested levels and <see cref="ReaderLimits.MaxParts"/> parts; unknown charsets fall back to
/// Latin-1. Plain report text (no header block) skips MIME parsing.
/// </summary>
/// <remarks>
/// MimeKit's streaming <see cref="MimeReader"/> is used rather than <see cref="MimeParser"/>:
/// the parser builds a <see cref="MimeMessage"/> (addresses, dates and message ids parsed
/// eagerly, a stream per part) that scoring never looks at, which cost about 3× the
/// streaming read on the corpus (docs/benchmarks.md). One instance per thread: it reuses its
/// MIME reader, buffers and HTML reader.
/// </remarks>
internal sealed partial class MimeMessageReader
{
    private readonly VisibleHtml _html = new();
    private readonly MimeEvents _latin1Events;
    private readonly MimeEvents _utf8Events;
    private byte[] _bytes = new byte[16 * 1024];

    /// <summary>
    /// False only to measure the MIME work alone (`bench --stages`): HTML parts then reach the
    /// sink as nothing. Scoring always extracts HTML.
    /// </summary>
    public bool ExtractsHtml { get; init; } = true;

    // The code pages (windows-1252, koi8-r, gb2312, ...) that MimeKit's charset table maps to
    // are not in .NET by default; without them those parts would read as Latin-1, and a model
    // would see different features depending on whether anything else in the process had
    // registered the provider first.
    static MimeMessageReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public MimeMessageReader()
    {
        _latin1Events = new MimeEvents(this, Encoding.Latin1);
        _utf8Events = new MimeEvents(this, Encoding.UTF8);
    }

    /// <summary>Never throws for any input text: hostile mail is read as far as the guards allow.</summary>
    public void Read(string text, ITextSink sink)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = text.AsSpan(0, Math.Min(text.Length, ReaderLimits.MaxInputChars));
        if (!MessageLayout.TrySplitHeaders(input, out _, out _))
        {
            EmitText(input, HtmlSniffer.LooksLikeHtml(input), sink);
            return;
        }
        if (input.StartsWith("From ")) input = input[(input.IndexOf('\n') + 1)..]; // mbox envelope line
        // The text arrived decoded already. Bytes that map back one to one (Latin-1 when every
        // char fits, UTF-8 otherwise) let 8bit parts and raw header bytes read back unchanged.
        var identity = FitsLatin1(input) ? Encoding.Latin1 : Encoding.UTF8;
        int needed = identity.GetMaxByteCount(input.Length);
        if (_bytes.Length < needed) _bytes = new byte[Math.Max(needed, _bytes.Length * 2)];
        int length = identity.GetBytes(input, _bytes);
        var events = identity == Encoding.Latin1 ? _latin1Events : _utf8Events;
        if (!events.Read(new MemoryStream(_bytes, 0, length, writable: false), sink))
            EmitText(input, isHtml: false, sink); // MimeKit refused the headers: the words still count
    }

    private static bool FitsLatin1(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('\0', '\u00FF');

    private void EmitText(ReadOnlySpan<char> text, bool isHtml, ITextSink sink)
    {
        if (!isHtml)
        {
            sink.Body(text);
            return;
        }
        if (ExtractsHtml) sink.Body(_html.Extract(text));
    }
}
