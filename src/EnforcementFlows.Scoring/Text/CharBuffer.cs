namespace EnforcementFlows.Scoring.Text;

/// <summary>A growable char buffer reused across messages so decoding does not allocate per call.</summary>
internal sealed class CharBuffer
{
    private char[] _chars;

    public CharBuffer(int initialCapacity = 4096) => _chars = new char[initialCapacity];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(char c)
    {
        if (Length == _chars.Length) Grow(Length + 1);
        _chars[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _chars.Length) Grow(Length + text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    /// <summary>Gives writable room for <paramref name="count"/> chars; call <see cref="Advance"/> after writing.</summary>
    public Span<char> GetSpan(int count)
    {
        if (Length + count > _chars.Length) Grow(Length + count);
        return _chars.AsSpan(Length, count);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Drops trailing chars, e.g. to undo a tentative append.</summary>
    public void Truncate(int length) => Length = Math.Min(Length, length);

    private void Grow(int needed) =>
        Array.Resize(ref _chars, Math.Max(needed, _chars.Length * 2));
}
