using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace EnforcementFlows.AuditArchive.Blob;

/// <summary>What <see cref="BlobArchiveClient.CreateAsync"/> found.</summary>
public enum BlobCreateOutcome
{
    /// <summary>The blob did not exist and now holds our content.</summary>
    Created,

    /// <summary>The blob already existed with exactly our content (an earlier attempt wrote it): treat as done.</summary>
    AlreadyIdentical,

    /// <summary>The blob already exists with other content. It was not touched.</summary>
    ExistsWithOtherContent,
}

public sealed record BlobCreateResult(BlobCreateOutcome Outcome, byte[]? ExistingContent);

/// <summary>
/// The few Blob REST operations the archive needs, on one container, written on Azure.Core's HTTP pipeline
/// (retry with backoff honouring Retry-After, request ids, redacted logging). Writes are create-only
/// (<c>If-None-Match: *</c>): nothing is ever overwritten, which is also all an immutable container allows.
/// Auth: shared key when the endpoint carries an account key (connection string, Azurite), otherwise a bearer
/// token for https://storage.azure.com/.default from the given credential (default: DefaultAzureCredential,
/// i.e. managed identity in Azure).
/// </summary>
public sealed class BlobArchiveClient
{
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly HttpPipeline _pipeline;

    public BlobArchiveClient(BlobEndpoint endpoint, string container, TokenCredential? credential = null, BlobArchiveClientOptions? options = null)
    {
        options ??= new BlobArchiveClientOptions();
        Endpoint = endpoint;
        Container = container;
        ContainerUri = endpoint.ContainerUri(container);
        HttpPipelinePolicy authentication = endpoint.UsesSharedKey
            ? new SharedKeyPolicy(endpoint.AccountName!, endpoint.AccountKey!, options.Time)
            : new BearerTokenAuthenticationPolicy(credential ?? new DefaultAzureCredential(), StorageScope);
        _pipeline = HttpPipelineBuilder.Build(options, [new VersionPolicy()], [authentication], new ResponseClassifier());
    }

    public BlobEndpoint Endpoint { get; }

    public string Container { get; }

    public Uri ContainerUri { get; }

    /// <summary>Creates the container when it is missing (Azurite; in Azure the Bicep template creates it).</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Put;
        message.Request.Uri.Reset(ContainerUri);
        message.Request.Uri.AppendQuery("restype", "container");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status is not (201 or 409))
        {
            throw new RequestFailedException(message.Response);
        }
    }

    /// <summary>
    /// With a shared key (Azurite, a local account), creates the container when missing. With a token credential
    /// (Azure) it does nothing: the Bicep template creates the container, and the app's role is scoped to it.
    /// </summary>
    public Task EnsureContainerIfSharedKeyAsync(CancellationToken cancellationToken)
        => Endpoint.UsesSharedKey ? EnsureContainerAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>The blob's content, or null when it does not exist.</summary>
    public async Task<byte[]?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(BlobUri(blobName));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response.Status switch
        {
            200 => message.Response.Content.ToArray(),
            404 => null,
            _ => throw new RequestFailedException(message.Response),
        };
    }

    /// <summary>
    /// Creates a block blob only if no blob of that name exists. When one does (a retry whose first attempt
    /// landed, or a run that crashed after this write), its content is read back and compared: identical means
    /// done; anything else is reported and left untouched.
    /// </summary>
    public async Task<BlobCreateResult> CreateAsync(string blobName, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using (var message = _pipeline.CreateMessage())
        {
            message.Request.Method = RequestMethod.Put;
            message.Request.Uri.Reset(BlobUri(blobName));
            message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
            message.Request.Headers.SetValue("If-None-Match", "*");
            message.Request.Headers.SetValue("Content-Type", contentType);
            message.Request.Content = RequestContent.Create(content);
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            switch (message.Response.Status)
            {
                case 201:
                    return new BlobCreateResult(BlobCreateOutcome.Created, null);
                case 409 or 412:
                    break; // BlobAlreadyExists / ConditionNotMet: compare below
                default:
                    throw new RequestFailedException(message.Response);
            }
        }

        var existing = await DownloadAsync(blobName, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"blob '{blobName}' was reported to exist but cannot be read");
        return existing.AsSpan().SequenceEqual(content)
            ? new BlobCreateResult(BlobCreateOutcome.AlreadyIdentical, existing)
            : new BlobCreateResult(BlobCreateOutcome.ExistsWithOtherContent, existing);
    }

    /// <summary>Names of the blobs under <paramref name="prefix"/>, in the service's (lexicographic) order.</summary>
    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => ListAsync(prefix, 5000, cancellationToken);

    /// <summary>As above, <paramref name="pageSize"/> names per request (the service's maximum is 5000), following NextMarker.</summary>
    internal async Task<IReadOnlyList<string>> ListAsync(string prefix, int pageSize, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            using var message = _pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(ContainerUri);
            message.Request.Uri.AppendQuery("restype", "container");
            message.Request.Uri.AppendQuery("comp", "list");
            message.Request.Uri.AppendQuery("prefix", prefix);
            message.Request.Uri.AppendQuery("maxresults", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(marker))
            {
                message.Request.Uri.AppendQuery("marker", marker);
            }
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (message.Response.Status != 200)
            {
                throw new RequestFailedException(message.Response);
            }
            var document = XDocument.Parse(message.Response.Content.ToString());
            var root = document.Root ?? throw new InvalidOperationException("the blob list response has no root element");
            names.AddRange(root.Element("Blobs")?.Elements("Blob").Select(b => (string?)b.Element("Name")).OfType<string>() ?? []);
            marker = (string?)root.Element("NextMarker");
        }
        while (!string.IsNullOrEmpty(marker));
        return names;
    }

    private Uri BlobUri(string blobName)
    {
        // Archive names are [a-z0-9/.-] only, so the path needs no escaping beyond the separators kept as they are.
        if (blobName.Length == 0 || blobName.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '/' or '.' or '-')))
        {
            throw new ArgumentException($"unsupported blob name '{blobName}'", nameof(blobName));
        }
        return new Uri(ContainerUri.AbsoluteUri + "/" + blobName);
    }

    /// <summary>Names the REST API version on every request (required with bearer tokens).</summary>
    private sealed class VersionPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("x-ms-version", BlobArchiveClientOptions.ServiceVersion);
    }
}
