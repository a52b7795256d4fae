using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>
/// The archive's container, through Azure.Storage.Blobs' <see cref="BlobContainerClient"/>. What the archive adds on
/// top of the SDK: create-only writes that compare with what exists instead of failing (a retry whose first attempt
/// landed, a run that crashed after a write), "missing" as null on reads, and the SDK's errors mapped to
/// <see cref="ArchiveStorageException"/>. Built from a connection string (account key or SAS; Azurite:
/// <c>UseDevelopmentStorage=true</c>) or from a service URI with a token credential (default
/// <see cref="DefaultAzureCredential"/>: managed identity in Azure). <see cref="Description"/> never holds a secret.
/// </summary>
public sealed partial class ArchiveContainer
{
    private readonly BlobContainerClient _container;
    private readonly ArchiveContainerOptions _options;
    private ArchiveReadiness? _readiness;

    private ArchiveContainer(BlobServiceClient service, string container, ArchiveContainerOptions options, bool fromConnectionString, string authentication)
    {
        _container = service.GetBlobContainerClient(container);
        _options = options;
        CreatesMissingContainer = fromConnectionString;
        UsesAccountKey = service.CanGenerateAccountSasUri;
        ContainerUri = WithoutQuery(_container.Uri);
        Description = $"{WithoutQuery(service.Uri)} ({authentication})";
    }

    public string Container => _container.Name;

    /// <summary>The container's URL without any query (a SAS is never part of it).</summary>
    public Uri ContainerUri { get; }

    /// <summary>True with an account key (connection string, Azurite).</summary>
    public bool UsesAccountKey { get; }

    /// <summary>Configured by connection string (Azurite, a local account): <see cref="PrepareAsync"/> creates the container when missing. In Azure the Bicep template creates it.</summary>
    public bool CreatesMissingContainer { get; }

    /// <summary>Where and how, for logs: the service URL and the kind of credential, never the key, SAS or token.</summary>
    public string Description { get; }

    /// <summary>A connection string with an account key or a SAS. Throws <see cref="FormatException"/> without repeating the string.</summary>
    public static ArchiveContainer FromConnectionString(string connectionString, string container, ArchiveContainerOptions? options = null)
    {
        options ??= new ArchiveContainerOptions();
        var keys = ConnectionStringKeys(connectionString);
        var authenticated = keys.Contains("AccountKey") || keys.Contains("SharedAccessSignature") || keys.Contains("UseDevelopmentStorage");
        if (!authenticated)
        {
            throw new FormatException("the storage connection string has neither AccountKey nor SharedAccessSignature (use AuditArchive:ServiceUri for managed identity)");
        }
        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connectionString, options);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The SDK's message may quote the string; it holds a secret, so only the shape is described.
            throw new FormatException("the storage connection string is not valid (expected UseDevelopmentStorage=true, or AccountName and AccountKey with BlobEndpoint or EndpointSuffix, or BlobEndpoint and SharedAccessSignature)");
        }
        var authentication = service.CanGenerateAccountSasUri ? $"account key, account {service.AccountName}" : "shared access signature";
        return new ArchiveContainer(service, container, options, fromConnectionString: true, authentication);
    }

    /// <summary>An https service URL; requests carry bearer tokens for https://storage.azure.com/.default from <paramref name="credential"/>.</summary>
    public static ArchiveContainer FromServiceUri(Uri serviceUri, string container, TokenCredential? credential = null, ArchiveContainerOptions? options = null)
    {
        if (!serviceUri.IsAbsoluteUri || serviceUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException("the blob service URL must be an absolute https URL (bearer tokens are never sent over plain http)", nameof(serviceUri));
        }
        if (!string.IsNullOrEmpty(serviceUri.Query))
        {
            throw new ArgumentException("the blob service URL must not carry a query (put a SAS in AuditArchive:ConnectionString, which is treated as a secret)", nameof(serviceUri));
        }
        options ??= new ArchiveContainerOptions();
        var service = new BlobServiceClient(serviceUri, credential ?? new DefaultAzureCredential(), options);
        return new ArchiveContainer(service, container, options, fromConnectionString: false, "token credential");
    }

    private static HashSet<string> ConnectionStringKeys(string connectionString) => connectionString
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(pair => pair.Split('=', 2)[0].Trim())
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>How errors name a blob or prefix: with the container, so an operator knows where to look.</summary>
    private string InContainer(string name) => $"{Container}/{name}";

    private static Uri WithoutQuery(Uri uri) => new UriBuilder(uri) { Query = string.Empty }.Uri;
}
