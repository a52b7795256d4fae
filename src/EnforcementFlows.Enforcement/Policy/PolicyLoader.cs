using System.Security.Cryptography;
using System.Text.Json;

namespace EnforcementFlows.Enforcement.Policy;

/// <summary>Loads and validates policy files (JSON or YAML), reporting every problem with its path.</summary>
public static class PolicyLoader
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
    };

    public static PolicyLoadResult Load(ReadOnlySpan<byte> fileBytes, PolicyFormat format)
    {
        var canonical = CanonicalBytes(fileBytes);
        var hash = Convert.ToHexStringLower(SHA256.HashData(canonical));

        JsonDocument document;
        try
        {
            document = format == PolicyFormat.Yaml ? YamlPolicyDocument.ToJson(canonical) : JsonDocument.Parse(canonical, JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or YamlDotNet.Core.YamlException)
        {
            return new PolicyLoadResult(null, [new PolicyError("$", $"not valid {format.ToString().ToUpperInvariant()}: {ex.Message}")]);
        }

        using (document)
        {
            var reader = new PolicyReader();
            var policy = reader.Read(document.RootElement, hash);
            return new PolicyLoadResult(policy, reader.Errors);
        }
    }

    /// <summary>Loads a file, choosing YAML for <c>.yaml</c>/<c>.yml</c> and JSON otherwise.</summary>
    public static PolicyLoadResult LoadFile(string path)
    {
        var extension = Path.GetExtension(path);
        var format = extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            ? PolicyFormat.Yaml
            : PolicyFormat.Json;
        return Load(File.ReadAllBytes(path), format);
    }

    /// <summary>Loads or throws <see cref="PolicyLoadException"/> listing every problem; for start-up, where a bad policy must stop the service.</summary>
    public static EnforcementPolicy LoadOrThrow(ReadOnlySpan<byte> fileBytes, PolicyFormat format)
    {
        var result = Load(fileBytes, format);
        return result.Policy ?? throw new PolicyLoadException(result.Errors);
    }

    /// <summary>
    /// The bytes that are hashed and parsed: the file without a UTF-8 byte-order mark and with CRLF/CR line
    /// endings turned into LF, so the same policy checked out on Windows and Linux has one hash.
    /// </summary>
    public static byte[] CanonicalBytes(ReadOnlySpan<byte> fileBytes)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (fileBytes.StartsWith(bom))
        {
            fileBytes = fileBytes[bom.Length..];
        }

        var output = new List<byte>(fileBytes.Length);
        for (var i = 0; i < fileBytes.Length; i++)
        {
            if (fileBytes[i] == (byte)'\r')
            {
                output.Add((byte)'\n');
                if (i + 1 < fileBytes.Length && fileBytes[i + 1] == (byte)'\n')
                {
                    i++;
                }
            }
            else
            {
                output.Add(fileBytes[i]);
            }
        }

        return [.. output];
    }
}
