using EnforcementFlows.Scoring.Text;

namespace EnforcementFlows.Scoring.Features;

/// <summary>
/// Collects hashed features of one message: term counts per hashing slot, and (for
/// explanations) the text of the first token that landed in each slot. Reset between
/// messages; the per-width lookup table is allocated once per thread, not per message.
/// </summary>
internal sealed partial class FeatureAccumulator
{
    private readonly int _mask;
    private readonly int[] _slotOfIndex; // 1-based slot per hashing index; 0 = untouched
    private int[] _indices = new int[1024];
    private float[] _counts = new float[1024];
    private int[] _nameStart = new int[1024];
    private int[] _nameLength = new int[1024];
    private readonly CharBuffer _names = new(16 * 1024);

    public FeatureAccumulator(int width, bool keepNames)
    {
        _mask = width - 1;
        _slotOfIndex = new int[width];
        KeepNames = keepNames;
    }

    /// <summary>
    /// Whether token texts are recorded for <see cref="NameAt"/> (explanations). Set between
    /// messages: copying every new slot's name costs about a sixth of tokenising, and the
    /// probability-only path never reads them.
    /// </summary>
    public bool KeepNames { get; set; }

    /// <summary>Distinct features seen in the current message.</summary>
    public int Count { get; private set; }

    public int IndexAt(int slot) => _indices[slot];

    public float CountAt(int slot) => _counts[slot];

    public ReadOnlySpan<char> NameAt(int slot) => _names.Span.Slice(_nameStart[slot], _nameLength[slot]);

    public void Reset()
    {
        for (int s = 0; s < Count; s++) _slotOfIndex[_indices[s]] = 0;
        Count = 0;
        _names.Clear();
    }

    /// <summary>Counts one occurrence; the name parts are joined only for a new slot.</summary>
    public void Add(uint hash, string? prefix, ReadOnlySpan<char> first, ReadOnlySpan<char> second = default)
    {
        int index = (int)(hash & (uint)_mask);
        int slot = _slotOfIndex[index] - 1;
        if (slot >= 0)
        {
            _counts[slot]++;
            return;
        }
        slot = NewSlot(index);
        if (KeepNames) RecordName(slot, prefix, first, second);
    }

    private int NewSlot(int index)
    {
        if (Count == _indices.Length) GrowSlots();
        int slot = Count++;
        _indices[slot] = index;
        _counts[slot] = 1;
        _slotOfIndex[index] = slot + 1;
        return slot;
    }

    private void RecordName(int slot, string? prefix, ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        int prefixLength = prefix is null ? 0 : prefix.Length + 1;
        int length = prefixLength + first.Length + (second.IsEmpty ? 0 : second.Length + 1);
        _nameStart[slot] = _names.Length;
        _nameLength[slot] = length;
        // One reservation and plain copies: this runs for every distinct feature of every message.
        var target = _names.GetSpan(length);
        if (prefix is not null)
        {
            prefix.CopyTo(target);
            target[prefix.Length] = ':';
        }
        first.CopyTo(target[prefixLength..]);
        if (!second.IsEmpty)
        {
            target[prefixLength + first.Length] = ' ';
            second.CopyTo(target[(prefixLength + first.Length + 1)..]);
        }
        _names.Advance(length);
    }

    private void GrowSlots()
    {
        int size = _indices.Length * 2;
        Array.Resize(ref _indices, size);
        Array.Resize(ref _counts, size);
        Array.Resize(ref _nameStart, size);
        Array.Resize(ref _nameLength, size);
    }
}
