namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Enumerates "Name: value" fields of a header block, joining folded continuation lines
/// into one value span (the line breaks stay in it; tokenisers treat them as spaces).
/// </summary>
internal ref struct HeaderFields
{
    private ReadOnlySpan<char> _rest;

    public HeaderFields(ReadOnlySpan<char> block) => _rest = block;

    public ReadOnlySpan<char> Name { get; private set; }

    public ReadOnlySpan<char> Value { get; private set; }

    public readonly HeaderFields GetEnumerator() => this;

    public readonly HeaderFields Current => this;

    public bool MoveNext()
    {
        while (!_rest.IsEmpty)
        {
            int end = FieldEnd(_rest);
            var field = _rest[..end];
            _rest = _rest[end..];
            int colon = field.IndexOf(':');
            if (colon <= 0 || !IsFieldName(field[..colon])) continue; // stray line: skip it
            Name = field[..colon];
            Value = field[(colon + 1)..].Trim();
            return true;
        }
        return false;
    }

    /// <summary>True for a header field name: printable ASCII without spaces or colons.</summary>
    public static bool IsFieldName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 76) return false;
        foreach (char c in name)
            if (c <= ' ' || c > '~' || c == ':') return false;
        return true;
    }

    // A field runs until a line break that is not followed by folding whitespace.
    private static int FieldEnd(ReadOnlySpan<char> text)
    {
        int from = 0;
        while (true)
        {
            int nl = text[from..].IndexOf('\n');
            if (nl < 0) return text.Length;
            int next = from + nl + 1;
            if (next >= text.Length || (text[next] != ' ' && text[next] != '\t')) return next;
            from = next;
        }
    }
}
