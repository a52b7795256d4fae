namespace EnforcementFlows.Scoring.Text;

/// <summary>Enumerates the parts of a multipart body as (headers, body) span pairs.</summary>
internal ref struct MultipartParts
{
    private readonly ReadOnlySpan<char> _boundary;
    private ReadOnlySpan<char> _rest;
    private bool _started;

    public MultipartParts(ReadOnlySpan<char> body, ReadOnlySpan<char> boundary)
    {
        _rest = body;
        _boundary = boundary;
    }

    public ReadOnlySpan<char> Headers { get; private set; }

    public ReadOnlySpan<char> Body { get; private set; }

    public readonly MultipartParts GetEnumerator() => this;

    public readonly MultipartParts Current => this;

    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
            if (!SkipToDelimiter()) return false; // no delimiter at all: nothing readable
        }
        if (_rest.IsEmpty || _rest.StartsWith("--")) return false; // closing delimiter
        int lineEnd = _rest.IndexOf('\n');
        if (lineEnd < 0) return false;
        var part = _rest[(lineEnd + 1)..];
        int next = FindDelimiter(part);
        var content = next < 0 ? part : part[..next];
        _rest = next < 0 ? default : part[(next + 2 + _boundary.Length)..];
        Split(content);
        return true;
    }

    private bool SkipToDelimiter()
    {
        int at = FindDelimiter(_rest);
        if (at < 0) return false;
        _rest = _rest[(at + 2 + _boundary.Length)..];
        return true;
    }

    // A delimiter is "--boundary" at the start of a line.
    private readonly int FindDelimiter(ReadOnlySpan<char> text)
    {
        int offset = 0;
        while (true)
        {
            int at = text[offset..].IndexOf(_boundary);
            if (at < 0) return -1;
            int abs = offset + at;
            if (abs >= 2 && text[abs - 1] == '-' && text[abs - 2] == '-' && (abs == 2 || text[abs - 3] == '\n'))
                return abs - 2;
            offset = abs + _boundary.Length;
        }
    }

    private void Split(ReadOnlySpan<char> part)
    {
        int headerEnd = 0, bodyStart = 0;
        // A part that opens with a blank line has no headers of its own.
        if (!part.StartsWith("\n") && !part.StartsWith("\r\n"))
        {
            int blank = part.IndexOf("\n\n");
            int blankCrLf = part.IndexOf("\n\r\n");
            if (blank < 0 && blankCrLf < 0) (headerEnd, bodyStart) = (part.Length, part.Length);
            else if (blank < 0 || (blankCrLf >= 0 && blankCrLf < blank)) (headerEnd, bodyStart) = (blankCrLf + 1, blankCrLf + 3);
            else (headerEnd, bodyStart) = (blank + 1, blank + 2);
        }
        Headers = part[..headerEnd];
        Body = part[bodyStart..];
    }
}
