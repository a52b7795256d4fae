using System.Text;

namespace EnforcementFlows.Scoring.Data;

/// <summary>Decodes files whose encoding nobody declared (corpus messages, report exports).</summary>
internal static class UnknownEncoding
{
    /// <summary>
    /// UTF-8 when the bytes are valid UTF-8, Latin-1 otherwise (old mail and report exports are
    /// often Windows-1252 or Latin-1). Latin-1 maps every byte to one char, so the message
    /// reader can turn the text back into the original bytes for MimeKit.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
