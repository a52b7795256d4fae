namespace EnforcementFlows.Scoring.Text;

/// <summary>The MIME facts of one entity, read from its header block.</summary>
internal readonly ref struct PartHeaders
{
    public ReadOnlySpan<char> MediaType { get; init; }
    public ReadOnlySpan<char> Boundary { get; init; }
    public ReadOnlySpan<char> Charset { get; init; }
    public ReadOnlySpan<char> TransferEncoding { get; init; }

    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && !Boundary.IsEmpty;
    public bool IsMessage => MediaType.Equals("message/rfc822", StringComparison.OrdinalIgnoreCase);
    public bool IsHtml => MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase);

    // A missing or unparseable type is read as text: RFC 2045's default, and what mail clients do.
    public bool IsText => MediaType.IsEmpty || MediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || !MediaType.Contains('/');

    /// <summary>
    /// Parses the header block; top-level fields are also forwarded to <paramref name="sink"/>,
    /// with encoded words decoded.
    /// </summary>
    public static PartHeaders Parse(ReadOnlySpan<char> block, ITextSink? sink, EncodedWords words)
    {
        ReadOnlySpan<char> contentType = default, encoding = default;
        foreach (var field in new HeaderFields(block))
        {
            sink?.Header(field.Name, words.Decode(field.Value));
            if (field.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase)) contentType = field.Value;
            else if (field.Name.Equals("content-transfer-encoding", StringComparison.OrdinalIgnoreCase)) encoding = field.Value;
        }
        int semi = contentType.IndexOf(';');
        var mediaType = (semi < 0 ? contentType : contentType[..semi]).Trim();
        return new PartHeaders
        {
            MediaType = mediaType,
            Boundary = semi < 0 ? default : Parameter(contentType[semi..], "boundary"),
            Charset = semi < 0 ? default : Parameter(contentType[semi..], "charset"),
            TransferEncoding = encoding.Trim(),
        };
    }

    private static ReadOnlySpan<char> Parameter(ReadOnlySpan<char> parameters, string name)
    {
        int at = parameters.IndexOf(name, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var after = parameters[(at + name.Length)..].TrimStart();
            if (after.StartsWith('=')) return ParameterValue(after[1..].TrimStart());
            int next = after.IndexOf(name, StringComparison.OrdinalIgnoreCase);
            if (next < 0) break;
            parameters = after;
            at = next;
        }
        return default;
    }

    private static ReadOnlySpan<char> ParameterValue(ReadOnlySpan<char> value)
    {
        if (value.StartsWith('"'))
        {
            int close = value[1..].IndexOf('"');
            return close < 0 ? value[1..] : value[1..(close + 1)];
        }
        int end = value.IndexOfAny(";\r\n\t ");
        return end < 0 ? value : value[..end];
    }
}
