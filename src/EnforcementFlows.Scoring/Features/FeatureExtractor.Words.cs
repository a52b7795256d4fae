namespace EnforcementFlows.Scoring.Features;

internal sealed partial class FeatureExtractor
{
    private static readonly uint LongWordHash = FeatureHash.Finish(FeatureHash.Continue(FeatureNamespace.Shape.Seed, "long-word"));
    private static readonly uint AllCapsHash = FeatureHash.Finish(FeatureHash.Continue(FeatureNamespace.Shape.Seed, "all-caps"));

    private void AddWord(ReadOnlySpan<char> raw, FeatureNamespace ns, bool bigrams)
    {
        if (raw.Length < 2) return; // single letters carry no signal and cost a lookup each
        if (raw.Length > _config.MaxWordLength)
        {
            Features.Add(LongWordHash, FeatureNamespace.Shape.Name, "long-word");
            _previousLength = 0;
            return;
        }
        int length = Normalize(raw, ns.Seed, out uint hash, out bool allCaps);
        var word = _word.AsSpan(0, length);
        if (allCaps && raw.Length >= 3) Features.Add(AllCapsHash, FeatureNamespace.Shape.Name, "all-caps");
        Features.Add(hash, ns.Name, word);
        if (bigrams && _previousLength > 0)
            Features.Add(FeatureHash.Pair(_previousHash, hash), ns.Name, _previousWord.AsSpan(0, _previousLength), word);
        // Swap buffers instead of copying: this word becomes the previous one.
        (_word, _previousWord) = (_previousWord, _word);
        _previousLength = length;
        _previousHash = hash;
    }

    /// <summary>
    /// Lower-cases into the word buffer and hashes in the same pass. A run of digits becomes
    /// a length shape ("#4" for a year or a price) because exact numbers rarely repeat.
    /// </summary>
    private int Normalize(ReadOnlySpan<char> raw, uint seed, out uint hash, out bool allCaps)
    {
        var word = _word;
        uint state = seed;
        bool caps = true, digits = true;
        for (int k = 0; k < raw.Length; k++)
        {
            char c = raw[k];
            if (char.IsAsciiDigit(c)) { }
            else if (c < 128)
            {
                digits = false;
                if (char.IsAsciiLetterUpper(c)) c = (char)(c | 0x20);
                else caps = false;
            }
            else
            {
                digits = false;
                if (!char.IsUpper(c)) caps = false;
                c = char.ToLowerInvariant(c);
            }
            word[k] = c;
            state = FeatureHash.Step(state, c);
        }
        allCaps = caps && !digits;
        if (digits)
        {
            word[0] = '#';
            word[1] = (char)('0' + Math.Min(raw.Length, 9));
            state = FeatureHash.Step(FeatureHash.Step(seed, word[0]), word[1]);
        }
        hash = FeatureHash.Finish(state);
        return digits ? 2 : raw.Length;
    }
}
