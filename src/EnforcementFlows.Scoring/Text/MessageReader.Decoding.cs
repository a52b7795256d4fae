namespace EnforcementFlows.Scoring.Text;

internal sealed partial class MessageReader
{
    /// <summary>Undoes the transfer encoding and charset of a text part.</summary>
    private ReadOnlySpan<char> Decode(PartHeaders part, ReadOnlySpan<char> body)
    {
        bool base64 = part.TransferEncoding.Equals("base64", StringComparison.OrdinalIgnoreCase);
        bool quoted = part.TransferEncoding.Equals("quoted-printable", StringComparison.OrdinalIgnoreCase);
        if (!base64 && !quoted) return body; // 7bit/8bit: the caller already decoded the text
        _bytes.Clear();
        if (base64) TransferDecoding.Base64(body, _bytes);
        else TransferDecoding.QuotedPrintable(body, _bytes);
        var encoding = Charsets.Resolve(part.Charset);
        var bytes = _bytes.Span;
        _decoded.Clear();
        int written = encoding.GetChars(bytes, _decoded.GetSpan(encoding.GetMaxCharCount(bytes.Length)));
        _decoded.Advance(written);
        return _decoded.Span;
    }
}
