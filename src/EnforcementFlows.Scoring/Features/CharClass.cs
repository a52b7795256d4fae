namespace EnforcementFlows.Scoring.Features;

/// <summary>
/// Table-driven character classes for the tokeniser's hot loop (one lookup per ASCII char
/// instead of a chain of comparisons).
/// </summary>
internal static class CharClass
{
    public const byte Other = 0;
    public const byte Word = 1;
    // Whitespace plus the brackets and quotes that wrap addresses and links in text.
    public const byte Separator = 2;

    private static readonly byte[] Ascii = Build();

    public static byte Of(char c) =>
        c < 128 ? Ascii[c] : c == '\u00A0' || char.IsWhiteSpace(c) ? Separator : char.IsLetterOrDigit(c) ? Word : Other;

    private static byte[] Build()
    {
        var table = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            if (char.IsAsciiLetterOrDigit((char)c)) table[c] = Word;
            else if (c <= ' ' || "<>\"()[]{},;'".Contains((char)c, StringComparison.Ordinal)) table[c] = Separator;
        }
        return table;
    }
}
