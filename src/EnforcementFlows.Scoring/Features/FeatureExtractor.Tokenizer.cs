namespace EnforcementFlows.Scoring.Features;

internal sealed partial class FeatureExtractor
{
    /// <summary>
    /// One pass over the text: runs of letters and digits become words (unigrams, optionally
    /// bigrams with the previous word of the same text); '$', '!' and '%' become shape
    /// tokens; a whitespace-delimited chunk that looks like a URL or mail address also
    /// yields its host. Features are a bag, so emitting the host at the end of its chunk
    /// changes nothing but saves a second scan.
    /// </summary>
    private void Tokenize(ReadOnlySpan<char> text, FeatureNamespace ns, bool bigrams)
    {
        _previousLength = 0;
        int chunkStart = 0, wordStart = -1;
        bool mayBeAddress = false;
        for (int i = 0; i <= text.Length; i++)
        {
            byte kind = i < text.Length ? CharClass.Of(text[i]) : CharClass.Separator;
            if (kind == CharClass.Word)
            {
                if (wordStart < 0) wordStart = i;
                continue;
            }
            if (wordStart >= 0)
            {
                AddWord(text[wordStart..i], ns, bigrams);
                wordStart = -1;
            }
            if (kind == CharClass.Separator)
            {
                if (mayBeAddress && i - chunkStart > 6) AddAddressTokens(text[chunkStart..i]);
                mayBeAddress = false;
                chunkStart = i + 1;
                continue;
            }
            char c = text[i];
            if (c is ':' or '@' or '.') mayBeAddress = true;
            else if (c is '$' or '!' or '%') AddShape(c);
        }
    }

    private void AddShape(char c) =>
        Features.Add(FeatureHash.Finish(FeatureHash.Step(FeatureNamespace.Shape.Seed, c)), FeatureNamespace.Shape.Name, c switch { '$' => "$", '!' => "!", _ => "%" });
}
