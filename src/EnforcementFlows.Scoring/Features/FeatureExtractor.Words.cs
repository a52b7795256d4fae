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
        int length = Normalize(raw, out bool allCaps, out bool allDigits);
        var word = _word.AsSpan(0, length);
        if (allCaps && raw.Length >= 3) Features.Add(AllCapsHash, FeatureNamespace.Shape.Name, "all-caps");
        uint hash = FeatureHash.Finish(FeatureHash.Continue(ns.Seed, word));
        Features.Add(hash, ns.Name, word);
        if (bigrams && _previousLength > 0)
        {
            var previous = _previousWord.AsSpan(0, _previousLength);
            Features.Add(FeatureHash.Pair(_previousHash, hash), ns.Name, previous, word);
        }
        word.CopyTo(_previousWord);
        _previousLength = length;
        _previousHash = hash;
    }

    /// <summary>
    /// Lower-cases into the word buffer; a run of digits becomes a length shape ("#4" for
    /// a year or a price) because the exact number rarely repeats across messages.
    /// </summary>
    private int Normalize(ReadOnlySpan<char> raw, out bool allCaps, out bool allDigits)
    {
        allCaps = true;
        allDigits = true;
        for (int k = 0; k < raw.Length; k++)
        {
            char c = raw[k];
            if (char.IsAsciiDigit(c))
            {
                _word[k] = c;
                continue;
            }
            allDigits = false;
            if (char.IsAsciiLetterLower(c)) allCaps = false;
            else if (c >= 128 && !char.IsUpper(c)) allCaps = false;
            _word[k] = c < 128 ? (char)(c | (char.IsAsciiLetterUpper(c) ? 0x20 : 0)) : char.ToLowerInvariant(c);
        }
        if (allDigits)
        {
            allCaps = false;
            _word[0] = '#';
            _word[1] = (char)('0' + Math.Min(raw.Length, 9));
            return 2;
        }
        return raw.Length;
    }
}
