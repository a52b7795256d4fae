using System.Xml.Linq;
using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>
/// Configuration section "EnforcementFlows:KeyRing": the data-protection key ring (it signs the approval pages'
/// anti-forgery tokens and the dashboard's cookies) in a Blob container, so every instance of a scaled-out host
/// without a shared file system (Azure Functions Flex Consumption) reads the same keys. Unset: the keys stay in
/// {DataDirectory}/keys.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "EnforcementFlows:KeyRing";

    /// <summary>The account's blob endpoint, e.g. https://acct.blob.core.windows.net; requests carry a bearer token (managed identity).</summary>
    public string? ServiceUri { get; set; }

    /// <summary>A storage connection string with an account key or a SAS (Azurite). A secret.</summary>
    public string? ConnectionString { get; set; }

    public string Container { get; set; } = "dataprotection-keys";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ServiceUri) || !string.IsNullOrWhiteSpace(ConnectionString);

    public BlobContainerClient CreateClient()
        => string.IsNullOrWhiteSpace(ConnectionString)
            ? new BlobContainerClient(new Uri(new Uri(ServiceUri!.TrimEnd('/') + "/"), Container), new DefaultAzureCredential())
            : new BlobContainerClient(ConnectionString, Container);

    /// <summary>Null when usable; otherwise what is wrong (checked where the key ring is registered: it is needed before the host starts).</summary>
    public string? Problem()
    {
        if (!IsEnabled)
        {
            return null;
        }
        if (!string.IsNullOrWhiteSpace(ServiceUri) && !string.IsNullOrWhiteSpace(ConnectionString))
        {
            return $"{Section}:ServiceUri and {Section}:ConnectionString are alternatives: set one.";
        }
        if (string.IsNullOrWhiteSpace(ConnectionString)
            && (!Uri.TryCreate(ServiceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0))
        {
            return $"{Section}:ServiceUri must be the account's https blob endpoint (e.g. https://<account>.blob.core.windows.net).";
        }
        return string.IsNullOrWhiteSpace(Container) ? $"{Section}:Container must name a blob container." : null;
    }
}

/// <summary>
/// The key ring as blobs, one per key (&lt;friendly name&gt;.xml), written create-only: keys are never changed after
/// creation (revocations are new elements), so nothing here overwrites. The container is created on first use.
/// The data-protection system calls this synchronously, at start and when it rolls a key.
/// </summary>
internal sealed class BlobKeyRing(BlobContainerClient container) : IXmlRepository
{
    private readonly Lazy<bool> created = new(() => container.CreateIfNotExists() is not null);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        _ = created.Value;
        return container.GetBlobs(BlobTraits.None, BlobStates.None, "key-", CancellationToken.None).Select(b => XElement.Parse(container.GetBlobClient(b.Name).DownloadContent().Value.Content.ToString())).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _ = created.Value;
        var name = "key-" + (string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName) + ".xml";
        container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)),
            new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" } });
    }
}
