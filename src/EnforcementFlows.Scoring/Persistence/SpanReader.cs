using System.Buffers.Binary;

namespace EnforcementFlows.Scoring.Persistence;

/// <summary>Little-endian reads over a byte span that fail with a clear message when the data runs out.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data, string name)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public byte Byte() => Take(1)[0];

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public ReadOnlySpan<byte> Bytes(int count) => count < 0
        ? throw new ModelFileException($"'{name}' declares a negative section length.")
        : Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _rest.Length) throw new ModelFileException($"'{name}' is truncated: expected {count} more bytes, found {_rest.Length}.");
        var taken = _rest[..count];
        _rest = _rest[count..];
        return taken;
    }
}
