using System.Text;
using MimeKit;
using MimeKit.IO.Filters;
using MimeKit.Utils;

namespace EnforcementFlows.Scoring.Text;

internal sealed partial class MimeMessageReader
{
    /// <summary>
    /// MimeKit's streaming events for one message, turned into sink calls: top-level headers,
    /// "mime" markers for multiparts and HTML parts, decoded text for text parts and a "part"
    /// marker for anything else. Transfer decoding is MimeKit's (<see cref="DecoderFilter"/>).
    /// </summary>
    private sealed class MimeEvents : MimeReader
    {
        private readonly MimeMessageReader _owner;
        private readonly Encoding _identity;
        private readonly ByteBuffer _content = new();
        private readonly CharBuffer _text = new();
        private readonly IMimeFilter _base64 = DecoderFilter.Create(ContentEncoding.Base64);
        private readonly IMimeFilter _quotedPrintable = DecoderFilter.Create(ContentEncoding.QuotedPrintable);
        private readonly IMimeFilter _uuencode = DecoderFilter.Create(ContentEncoding.UUEncode);
        private ITextSink _sink = null!;
        private bool _topHeaders;
        private int _depth;
        private int _parts;
        private ContentEncoding _transferEncoding;
        private ContentType? _textPart;
        private bool _emitted;

        public MimeEvents(MimeMessageReader owner, Encoding identity)
            : base(NewOptions(identity), Stream.Null, MimeFormat.Entity)
        {
            _owner = owner;
            _identity = identity;
        }

        /// <summary>False when MimeKit refused the message before anything was emitted.</summary>
        public bool Read(Stream stream, ITextSink sink)
        {
            _sink = sink;
            _topHeaders = true;
            _depth = _parts = 0;
            _textPart = null;
            _emitted = false;
            SetStream(stream, MimeFormat.Entity);
            try
            {
                ReadMessage();
            }
            catch (FormatException)
            {
                return _emitted;
            }
            finally
            {
                _sink = null!;
            }
            return true;
        }

        private static ParserOptions NewOptions(Encoding identity) => new()
        {
            // MimeKit stops nesting here; our walk stops earlier still.
            MaxMimeDepth = ReaderLimits.MaxMimeDepth + 2,
            CharsetEncoding = identity,
            RespectContentLength = false,
        };

        // Deeper than the depth limit or past the part limit, MimeKit still reads the structure
        // (bounded by the input limit) but nothing of it reaches the sink.
        private bool Visible => _depth <= ReaderLimits.MaxMimeDepth && _parts <= ReaderLimits.MaxParts;

        protected override void OnHeadersBegin(long beginOffset, int beginLineNumber, CancellationToken cancellationToken) =>
            _transferEncoding = ContentEncoding.Default;

        protected override void OnHeaderRead(Header header, int beginLineNumber, CancellationToken cancellationToken)
        {
            if (header.Id == HeaderId.ContentTransferEncoding)
                _transferEncoding = MimeUtils.TryParse(header.Value, out ContentEncoding encoding) ? encoding : ContentEncoding.Default;
            if (!_topHeaders) return;
            _emitted = true;
            // Decoding a value (RFC 2047 words, charsets, unfolding) is the dearest part of
            // header reading; Received and the like are only counted by name.
            _sink.Header(header.Field, _sink.ReadsHeaderValue(header.Field) ? header.Value : default);
        }

        protected override void OnHeadersEnd(long beginOffset, int beginLineNumber, long endOffset, int endLineNumber, CancellationToken cancellationToken) =>
            _topHeaders = false;

        protected override void OnMultipartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
        {
            _parts++;
            if (Visible) _sink.Marker("mime", contentType.MimeType);
            _depth++;
        }

        protected override void OnMultipartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
            _depth--;

        protected override void OnMessagePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
        {
            _parts++;
            _depth++;
        }

        protected override void OnMessagePartEnd(ContentType contentType, long beginOffset, int beginLineNumber, long headersEndOffset, long endOffset, int lines, CancellationToken cancellationToken) =>
            _depth--;

        protected override void OnMimePartBegin(ContentType contentType, long beginOffset, int beginLineNumber, CancellationToken cancellationToken)
        {
            _parts++;
            if (!Visible) return;
            if (!contentType.IsMimeType("text", "*"))
            {
                _sink.Marker("part", contentType.MimeType);
                return;
            }
            if (contentType.IsMimeType("text", "html")) _sink.Marker("mime", contentType.MimeType);
            _textPart = contentType;
            _content.Clear();
        }

        protected override void OnMimePartContentRead(byte[] buffer, int startIndex, int count, CancellationToken cancellationToken)
        {
            if (_textPart is null) return;
            buffer.AsSpan(startIndex, count).CopyTo(_content.GetSpan(count));
            _content.Advance(count);
        }

        protected override void OnMimePartContentEnd(long beginOffset, int beginLineNumber, long endOffset, int lines, NewLineFormat? newLineFormat, CancellationToken cancellationToken)
        {
            if (_textPart is not { } part) return;
            _textPart = null;
            _emitted = true;
            var text = DecodeText(part);
            _owner.EmitText(text, part.IsMimeType("text", "html") || HtmlSniffer.LooksLikeHtml(text), _sink);
        }

        /// <summary>
        /// Base64, quoted-printable and uuencoded parts decode to bytes in the part's charset;
        /// 7bit/8bit parts are the caller's already-decoded text, read back with the identity map.
        /// </summary>
        private ReadOnlySpan<char> DecodeText(ContentType part)
        {
            var filter = _transferEncoding switch
            {
                ContentEncoding.Base64 => _base64,
                ContentEncoding.QuotedPrintable => _quotedPrintable,
                ContentEncoding.UUEncode => _uuencode,
                _ => null,
            };
            ReadOnlySpan<byte> bytes;
            Encoding encoding;
            if (filter is null)
            {
                bytes = _content.Span;
                encoding = _identity;
            }
            else
            {
                filter.Reset();
                var raw = _content.Array;
                var decoded = filter.Flush(raw, 0, _content.Length, out int index, out int length);
                bytes = decoded.AsSpan(index, length);
                encoding = CharsetOf(part);
            }
            _text.Clear();
            int written;
            try
            {
                written = encoding.GetChars(bytes, _text.GetSpan(encoding.GetMaxCharCount(bytes.Length)));
            }
            catch (ArgumentException)
            {
                // A charset whose decoder throws on invalid bytes (DecoderFallbackException).
                written = Encoding.Latin1.GetChars(bytes, _text.GetSpan(bytes.Length));
            }
            _text.Advance(written);
            return _text.Span;
        }

        /// <summary>
        /// MimeKit's charset table; an unknown name, none at all, or us-ascii (spam sends 8-bit
        /// text labelled so) reads as Latin-1, which never fails and keeps ASCII words intact.
        /// </summary>
        private static Encoding CharsetOf(ContentType part)
        {
            if (part.Charset is null) return Encoding.Latin1;
            Encoding? encoding;
            try
            {
                encoding = part.CharsetEncoding;
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                encoding = null;
            }
            return encoding is null || encoding.CodePage == 20127 ? Encoding.Latin1 : encoding;
        }
    }
}
