namespace EnforcementFlows.Scoring.Features;

internal sealed partial class FeatureExtractor
{
    private static readonly System.Buffers.SearchValues<char> HostTerminators = System.Buffers.SearchValues.Create("/?#:@=&");

    /// <summary>
    /// URLs and mail addresses keep their host as one token (and its last two labels, so
    /// "click.spammer.biz" and "www.spammer.biz" share "spammer.biz").
    /// </summary>
    private void AddAddressTokens(ReadOnlySpan<char> chunk)
    {
        int scheme = chunk.IndexOf("://");
        if (scheme > 0)
        {
            AddHost(FeatureNamespace.Url, chunk[(scheme + 3)..]);
            return;
        }
        if (chunk.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            AddHost(FeatureNamespace.Url, chunk);
            return;
        }
        int at = chunk.IndexOf('@');
        if (at >= 0 && at + 1 < chunk.Length) AddHost(FeatureNamespace.Email, chunk[(at + 1)..]);
    }

    private void AddHost(FeatureNamespace ns, ReadOnlySpan<char> rest)
    {
        int end = rest.IndexOfAny(HostTerminators);
        var host = (end < 0 ? rest : rest[..end]).Trim('.');
        if (host.IsEmpty || host.Length > 100 || host.IndexOf('.') < 0) return;
        Span<char> lower = stackalloc char[host.Length];
        host.ToLowerInvariant(lower);
        AddToken(ns, lower);
        int last = lower.LastIndexOf('.');
        int secondLast = lower[..last].LastIndexOf('.');
        if (secondLast >= 0) AddToken(ns, lower[(secondLast + 1)..]);
    }
}
