namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Receives the readable parts of a message as the reader walks it. Spans are only valid
/// during the call: the reader reuses its buffers, which keeps scoring allocation-light.
/// </summary>
internal interface ITextSink
{
    /// <summary>A top-level header field; the value may still contain folded line breaks.</summary>
    void Header(ReadOnlySpan<char> name, ReadOnlySpan<char> value);

    /// <summary>
    /// Whether <see cref="Header"/> needs the decoded value of this field; when false the
    /// reader may pass an empty value and skip decoding it.
    /// </summary>
    bool ReadsHeaderValue(string name) => true;

    /// <summary>Human-readable body text (HTML already reduced to text).</summary>
    void Body(ReadOnlySpan<char> text);

    /// <summary>A structural fact, e.g. kind "part" with value "image/gif" for an attachment.</summary>
    void Marker(string kind, ReadOnlySpan<char> value);
}
