namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>
/// Where the archive container is and how to authenticate: a storage connection string (shared key,
/// e.g. Azurite) or an account URL without key (bearer tokens from <c>DefaultAzureCredential</c>).
/// <see cref="ToString"/> never includes the key.
/// </summary>
public sealed class BlobEndpoint
{
    /// <summary>Azurite's well-known development account (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private BlobEndpoint(Uri serviceUri, string? accountName, byte[]? accountKey)
    {
        ServiceUri = serviceUri;
        AccountName = accountName;
        AccountKey = accountKey;
    }

    /// <summary>The blob service, e.g. <c>https://acct.blob.core.windows.net/</c> or <c>http://127.0.0.1:10000/devstoreaccount1/</c>.</summary>
    public Uri ServiceUri { get; }

    /// <summary>Set with a shared key; the account that requests are signed for.</summary>
    public string? AccountName { get; }

    internal byte[]? AccountKey { get; }

    public bool UsesSharedKey => AccountKey is not null;

    public Uri ContainerUri(string container) => new(ServiceUri, Uri.EscapeDataString(container));

    /// <summary>An account URL: requests carry a bearer token from a <see cref="Azure.Core.TokenCredential"/>.</summary>
    public static BlobEndpoint ForTokenCredential(Uri serviceUri)
    {
        if (!serviceUri.IsAbsoluteUri || serviceUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("the blob service URL must be an absolute https URL (bearer tokens are never sent over plain http)", nameof(serviceUri));
        }
        return new BlobEndpoint(WithTrailingSlash(serviceUri), null, null);
    }

    /// <summary>Shared key with an explicit account.</summary>
    public static BlobEndpoint ForSharedKey(Uri serviceUri, string accountName, string base64Key)
        => new(WithTrailingSlash(serviceUri), accountName, DecodeKey(base64Key));

    /// <summary>
    /// Parses an Azure Storage connection string: <c>UseDevelopmentStorage=true</c>, or AccountName and AccountKey
    /// with BlobEndpoint or DefaultEndpointsProtocol/EndpointSuffix. Messages never echo the string (it holds the key).
    /// </summary>
    public static BlobEndpoint Parse(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException("the storage connection string is not a list of Name=Value pairs");
            }
            parts[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            return new BlobEndpoint(new Uri($"{proxy}:10000/{DevelopmentAccountName}/"), DevelopmentAccountName, DecodeKey(DevelopmentAccountKey));
        }

        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            throw new FormatException("the storage connection string has no AccountName");
        }
        if (!parts.TryGetValue("AccountKey", out var key) || key.Length == 0)
        {
            throw new FormatException("the storage connection string has no AccountKey (shared key is the only connection-string auth supported; use ServiceUri for managed identity)");
        }

        Uri service;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            if (!Uri.TryCreate(blobEndpoint, UriKind.Absolute, out service!) || service.Scheme is not ("http" or "https"))
            {
                throw new FormatException("the storage connection string's BlobEndpoint is not an absolute http(s) URL");
            }
        }
        else
        {
            var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto : "https";
            var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";
            service = new Uri($"{protocol}://{account}.blob.{suffix}/");
        }
        return new BlobEndpoint(WithTrailingSlash(service), account, DecodeKey(key));
    }

    public override string ToString() => UsesSharedKey ? $"{ServiceUri} (shared key, account {AccountName})" : $"{ServiceUri} (token credential)";

    private static byte[] DecodeKey(string base64Key)
    {
        try
        {
            return Convert.FromBase64String(base64Key);
        }
        catch (FormatException)
        {
            throw new FormatException("the storage account key is not base64");
        }
    }

    private static Uri WithTrailingSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
