namespace EnforcementFlows.Scoring.Features;

internal sealed partial class FeatureExtractor
{
    /// <summary>
    /// Splits text into whitespace-delimited chunks; each chunk yields its URL host or
    /// mail domain (if any), punctuation shapes, and its words (unigrams, optionally bigrams
    /// with the previous word of the same text).
    /// </summary>
    private void Tokenize(ReadOnlySpan<char> text, FeatureNamespace ns, bool bigrams)
    {
        _previousLength = 0;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && CharClass.Of(text[i]) == CharClass.Separator) i++;
            int start = i;
            bool mayBeAddress = false;
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (CharClass.Of(c) == CharClass.Separator) break;
                mayBeAddress |= c is ':' or '@' or '.';
            }
            if (i > start) TokenizeChunk(text[start..i], ns, bigrams, mayBeAddress);
        }
    }

    private void TokenizeChunk(ReadOnlySpan<char> chunk, FeatureNamespace ns, bool bigrams, bool mayBeAddress)
    {
        if (mayBeAddress && chunk.Length > 6) AddAddressTokens(chunk);
        int i = 0;
        while (i < chunk.Length)
        {
            char c = chunk[i];
            if (CharClass.Of(c) != CharClass.Word)
            {
                if (c is '$' or '!' or '%') AddShape(c);
                i++;
                continue;
            }
            int start = i;
            while (i < chunk.Length && CharClass.Of(chunk[i]) == CharClass.Word) i++;
            AddWord(chunk[start..i], ns, bigrams);
        }
    }

    private void AddShape(char c) =>
        Features.Add(FeatureHash.Finish(FeatureHash.Step(FeatureNamespace.Shape.Seed, c)), FeatureNamespace.Shape.Name, c switch { '$' => "$", '!' => "!", _ => "%" });
}
