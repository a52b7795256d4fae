namespace EnforcementFlows.Scoring.Text;

/// <summary>Finds the header block of a message, if the text has one.</summary>
internal static class MessageLayout
{
    private static readonly string[] WellKnownFields =
        ["from", "to", "subject", "date", "received", "message-id", "content-type", "mime-version", "return-path", "reply-to"];

    /// <summary>
    /// Splits at the first blank line when every line before it is a header field or a
    /// folded continuation and at least one field is a well-known one. A report that merely
    /// starts with "Note: ..." therefore stays plain text.
    /// </summary>
    public static bool TrySplitHeaders(ReadOnlySpan<char> text, out ReadOnlySpan<char> headers, out ReadOnlySpan<char> body)
    {
        headers = body = default;
        int start = 0;
        if (text.StartsWith("From ")) start = LineEnd(text, 0); // mbox envelope line
        bool sawWellKnown = false;
        int pos = start;
        while (pos < text.Length)
        {
            int end = LineEnd(text, pos);
            var line = text[pos..end].TrimEnd("\r\n");
            if (line.IsEmpty)
            {
                if (!sawWellKnown) return false;
                headers = text[start..pos];
                body = text[end..];
                return true;
            }
            if (line[0] is not (' ' or '\t'))
            {
                int colon = line.IndexOf(':');
                if (colon <= 0 || !IsFieldName(line[..colon])) return false;
                if (!sawWellKnown) sawWellKnown = IsWellKnown(line[..colon]);
            }
            else if (pos == start) return false;
            pos = end;
        }
        // Headers with no body at all still count as a message.
        if (!sawWellKnown) return false;
        headers = text[start..];
        return true;
    }

    /// <summary>True for a header field name: printable ASCII without spaces or colons.</summary>
    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 76) return false;
        foreach (char c in name)
            if (c <= ' ' || c > '~' || c == ':') return false;
        return true;
    }

    private static bool IsWellKnown(ReadOnlySpan<char> name)
    {
        foreach (var known in WellKnownFields)
            if (name.Equals(known, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static int LineEnd(ReadOnlySpan<char> text, int from)
    {
        int nl = text[from..].IndexOf('\n');
        return nl < 0 ? text.Length : from + nl + 1;
    }
}
