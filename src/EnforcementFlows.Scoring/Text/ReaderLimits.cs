namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Bounds that keep one hostile message from costing more than a normal one.
/// </summary>
internal static class ReaderLimits
{
    /// <summary>Characters read from one message; the rest is ignored.</summary>
    public const int MaxInputChars = 256 * 1024;

    /// <summary>Nested multipart levels followed before the reader stops descending.</summary>
    public const int MaxMimeDepth = 6;

    /// <summary>MIME parts read from one message.</summary>
    public const int MaxParts = 64;

    /// <summary>HTML start tags handed to the HTML parser per part; the rest of the part is ignored.</summary>
    public const int MaxHtmlTags = 2_000;
}
