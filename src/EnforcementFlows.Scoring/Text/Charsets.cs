using System.Collections.Concurrent;
using System.Text;

namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Maps MIME charset names to decoders. Unknown or bogus names fall back to Latin-1,
/// which never fails and keeps ASCII words (the bulk of the signal) intact.
/// </summary>
internal static class Charsets
{
    private static readonly ConcurrentDictionary<string, Encoding> Cache = new(StringComparer.OrdinalIgnoreCase);

    private const int MaxCachedNames = 256;

    static Charsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Resolve(ReadOnlySpan<char> name)
    {
        name = name.Trim().Trim('"');
        if (name.IsEmpty || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
            return Encoding.Latin1;
        if (name.Equals("utf-8", StringComparison.OrdinalIgnoreCase)) return Utf8Lenient;
        string key = name.ToString();
        if (Cache.TryGetValue(key, out var known)) return known;
        var encoding = Lookup(key);
        // Charset names come from untrusted mail, so the cache only remembers a bounded number.
        if (Cache.Count < MaxCachedNames) Cache.TryAdd(key, encoding);
        return encoding;
    }

    /// <summary>UTF-8 that replaces invalid sequences instead of throwing.</summary>
    public static Encoding Utf8Lenient { get; } = new UTF8Encoding(false, false);

    /// <summary>
    /// Decodes bytes of unknown encoding: UTF-8 when they are valid UTF-8, Latin-1 otherwise
    /// (old mail and report exports are often Windows-1252 or Latin-1).
    /// </summary>
    public static string DecodeUnknown(ReadOnlySpan<byte> bytes)
    {
        return System.Text.Unicode.Utf8.IsValid(bytes)
            ? Encoding.UTF8.GetString(bytes)
            : Encoding.Latin1.GetString(bytes);
    }

    private static Encoding Lookup(string name)
    {
        try
        {
            return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return Encoding.Latin1; // unknown or deliberately unsupported (UTF-7) charset names
        }
    }
}
