using System.Text;
using MimeKit;

namespace EnforcementFlows.Scoring.Text;

internal sealed partial class MimeMessageReader
{
    private void Walk(MimeEntity entity, int depth, Encoding identity, ITextSink sink)
    {
        if (++_partsRead > ReaderLimits.MaxParts) return;
        switch (entity)
        {
            case Multipart multipart:
                sink.Marker("mime", multipart.ContentType.MimeType);
                if (depth >= ReaderLimits.MaxMimeDepth) return;
                foreach (var child in multipart) Walk(child, depth + 1, identity, sink);
                return;
            case MessagePart { Message.Body: { } inner }:
                if (depth < ReaderLimits.MaxMimeDepth) Walk(inner, depth + 1, identity, sink);
                return;
            case TextPart text:
                if (text.IsHtml) sink.Marker("mime", text.ContentType.MimeType);
                var decoded = Decode(text, identity);
                EmitText(decoded, text.IsHtml || HtmlSniffer.LooksLikeHtml(decoded), sink);
                return;
            default:
                sink.Marker("part", entity.ContentType.MimeType);
                return;
        }
    }

    /// <summary>
    /// Base64, quoted-printable and uuencoded parts decode to bytes in the part's charset;
    /// 7bit/8bit parts are the caller's already-decoded text, read back with the identity map.
    /// </summary>
    private static string Decode(TextPart part, Encoding identity)
    {
        bool encoded = part.ContentTransferEncoding is ContentEncoding.Base64 or ContentEncoding.QuotedPrintable or ContentEncoding.UUEncode;
        return part.GetText(encoded ? Charsets.Resolve(part.ContentType.Charset) : identity);
    }

    private void EmitText(ReadOnlySpan<char> text, bool isHtml, ITextSink sink)
    {
        if (!isHtml)
        {
            sink.Body(text);
            return;
        }
        sink.Body(_html.Extract(text));
    }
}
