using System.Text.Json;

namespace EnforcementFlows.App.Security;

/// <summary>A key made with `admin key create`: its name, role and the SHA-256 of the key (the key itself is never stored).</summary>
public sealed record StoredApiKey(string Name, string Role, string KeySha256, DateTimeOffset CreatedAt);

/// <summary>
/// {DataDirectory}/api-keys.json (mode 0600): the keys made with `admin key create`, besides those configured
/// under EnforcementFlows:ApiKeys. The service rereads it when it changes, so a new key works without a restart.
/// </summary>
public sealed class StoredApiKeys(string path)
{
    public const string FileName = "api-keys.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly Lock _gate = new();
    private (DateTime WrittenAt, long Length, IReadOnlyList<ApiKeyEntry> Entries) _cache = (DateTime.MinValue, -1, []);

    public string Path { get; } = path;

    public IReadOnlyList<StoredApiKey> Load()
        => File.Exists(Path)
            ? JsonSerializer.Deserialize<List<StoredApiKey>>(File.ReadAllText(Path), Json)
              ?? throw new InvalidDataException($"'{Path}' is empty or corrupt.")
            : [];

    /// <summary>Adds a key (a new name) and returns the plain key, which exists only in the caller's hands from then on.</summary>
    public string Create(string name, string role, TimeProvider time)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"--role must be one of {string.Join(", ", Roles.All)} (got '{role}').");
        }
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
        {
            throw new ArgumentException("--name must be a non-empty name without control characters.");
        }
        var keys = Load().ToList();
        if (keys.Any(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"A key named '{name}' exists already in {Path}; pick another --name.");
        }
        var key = FirstRunSecrets.NewApiKey();
        keys.Add(new StoredApiKey(name, role, ApiKeyOptions.Hash(key), time.GetUtcNow()));
        OwnerOnlyFile.Write(Path, JsonSerializer.Serialize(keys, Json), overwrite: true);
        return key;
    }

    /// <summary>The entries for authentication, reread only when the file's size or time changed (one stat per call).</summary>
    public IReadOnlyList<ApiKeyEntry> Entries()
    {
        var info = new FileInfo(Path);
        var (writtenAt, length) = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
        lock (_gate)
        {
            if (_cache.WrittenAt != writtenAt || _cache.Length != length)
            {
                var entries = Load().Select(k => new ApiKeyEntry { Name = k.Name, Role = k.Role, KeySha256 = k.KeySha256 }).ToList();
                _cache = (writtenAt, length, entries);
            }
            return _cache.Entries;
        }
    }
}
