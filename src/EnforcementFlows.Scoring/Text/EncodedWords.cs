namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Decodes RFC 2047 encoded words ("=?charset?B?...?=") in header values, which is how
/// non-ASCII subjects travel and how spam hides its subject words from naive filters.
/// </summary>
internal sealed class EncodedWords
{
    private readonly ByteBuffer _bytes = new();
    private readonly CharBuffer _output = new(512);

    public ReadOnlySpan<char> Decode(ReadOnlySpan<char> value)
    {
        if (value.IndexOf("=?") < 0) return value;
        _output.Clear();
        while (!value.IsEmpty)
        {
            int start = value.IndexOf("=?");
            if (start < 0 || !TryDecodeWord(value[start..], out int consumed))
            {
                int take = start < 0 ? value.Length : start + 2;
                _output.Append(value[..take]);
                value = value[take..];
                continue;
            }
            _output.Append(value[..start]);
            value = value[(start + consumed)..];
        }
        return _output.Span;
    }

    // Layout: =?charset?encoding?text?=
    private bool TryDecodeWord(ReadOnlySpan<char> word, out int consumed)
    {
        consumed = 0;
        var rest = word[2..];
        int q1 = rest.IndexOf('?');
        if (q1 <= 0 || q1 + 2 >= rest.Length || rest[q1 + 2] != '?') return false;
        var charset = rest[..q1];
        char mode = char.ToUpperInvariant(rest[q1 + 1]);
        var payload = rest[(q1 + 3)..];
        int end = payload.IndexOf("?=");
        if (end < 0 || (mode != 'B' && mode != 'Q')) return false;
        _bytes.Clear();
        if (mode == 'B') TransferDecoding.Base64(payload[..end], _bytes);
        else TransferDecoding.QEncoding(payload[..end], _bytes);
        var encoding = Charsets.Resolve(charset);
        var bytes = _bytes.Span;
        int written = encoding.GetChars(bytes, _output.GetSpan(encoding.GetMaxCharCount(bytes.Length)));
        _output.Advance(written);
        consumed = 2 + q1 + 3 + end + 2;
        return true;
    }
}
