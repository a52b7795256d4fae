namespace EnforcementFlows.Scoring.Text;

/// <summary>A growable byte buffer for transfer-decoded MIME parts, reused across messages.</summary>
internal sealed class ByteBuffer
{
    private byte[] _bytes = new byte[4096];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    /// <summary>The backing array (the first <see cref="Length"/> bytes are the content), for array-based APIs.</summary>
    public byte[] Array => _bytes;

    public void Clear() => Length = 0;

    public void Append(byte b)
    {
        if (Length == _bytes.Length) System.Array.Resize(ref _bytes, _bytes.Length * 2);
        _bytes[Length++] = b;
    }

    /// <summary>Gives writable room for <paramref name="count"/> bytes; call <see cref="Advance"/> after writing.</summary>
    public Span<byte> GetSpan(int count)
    {
        if (Length + count > _bytes.Length) System.Array.Resize(ref _bytes, Math.Max(Length + count, _bytes.Length * 2));
        return _bytes.AsSpan(Length, count);
    }

    public void Advance(int count) => Length += count;
}
