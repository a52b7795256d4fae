using System.Security.Cryptography;
using System.Text.Json;

namespace EnforcementFlows.App.Security;

/// <summary>
/// Secrets a zero-setup install needs: an admin API key and the demo intake source's webhook secret.
/// The service keeps them in {DataDirectory}/secrets.json (the key as its hash only). On the first start
/// the plain key and the secret also go to {DataDirectory}/first-run-credentials.env (mode 0600), the way
/// Jenkins leaves secrets/initialAdminPassword: a start with redirected output (a service manager, CI,
/// nohup) still leaves a working key, and nothing secret reaches a console log.
/// </summary>
public sealed class FirstRunSecrets
{
    public const string FileName = "secrets.json";

    private sealed record Stored(string AdminKeySha256, string DemoIntakeSecret);

    private FirstRunSecrets(Stored stored, string? newAdminKey, string credentialsPath)
    {
        AdminKeyEntry = new ApiKeyEntry { Name = "first-run-admin", Role = Roles.Admin, KeySha256 = stored.AdminKeySha256 };
        DemoIntakeSecret = stored.DemoIntakeSecret;
        NewAdminKey = newAdminKey;
        CredentialsPath = credentialsPath;
    }

    public ApiKeyEntry AdminKeyEntry { get; }
    public string DemoIntakeSecret { get; }

    /// <summary>Set only on the start that created the secrets, so the banner can show it once.</summary>
    public string? NewAdminKey { get; }

    /// <summary>Where the first start wrote the plain admin key and the demo secret (it may have been deleted since).</summary>
    public string CredentialsPath { get; }

    public static FirstRunSecrets LoadOrCreate(string path)
    {
        var credentialsPath = FirstRunCredentials.PathNextTo(path);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"'{path}' is empty or corrupt; delete it to generate new first-run secrets.");
            return new FirstRunSecrets(stored, null, credentialsPath);
        }
        var adminKey = NewApiKey();
        var demoSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var created = new Stored(ApiKeyOptions.Hash(adminKey), demoSecret);
        // The plain key first: a crash in between leaves no hash whose key is lost (the next start redoes both).
        OwnerOnlyFile.Write(credentialsPath, FirstRunCredentials.Format(adminKey, demoSecret, DateTimeOffset.UtcNow), overwrite: true);
        OwnerOnlyFile.Write(path, JsonSerializer.Serialize(created), overwrite: false);
        return new FirstRunSecrets(created, adminKey, credentialsPath);
    }

    /// <summary>A new API key: "efk_" and 256 random bits, URL-safe.</summary>
    public static string NewApiKey()
        => "efk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
