using System.Security.Cryptography;
using System.Text.Json;

namespace EnforcementFlows.App.Security;

/// <summary>
/// Secrets a zero-setup install needs: an admin API key (only its hash is kept) and the demo
/// intake source's webhook secret. Created on first start in {DataDirectory}/secrets.json
/// (mode 0600); the plain admin key is shown once, on the console, and never logged.
/// </summary>
public sealed class FirstRunSecrets
{
    private sealed record Stored(string AdminKeySha256, string DemoIntakeSecret);

    private FirstRunSecrets(Stored stored, string? newAdminKey)
    {
        AdminKeyEntry = new ApiKeyEntry { Name = "first-run-admin", Role = Roles.Admin, KeySha256 = stored.AdminKeySha256 };
        DemoIntakeSecret = stored.DemoIntakeSecret;
        NewAdminKey = newAdminKey;
    }

    public ApiKeyEntry AdminKeyEntry { get; }
    public string DemoIntakeSecret { get; }

    /// <summary>Set only on the start that created the file, so the banner can show it once.</summary>
    public string? NewAdminKey { get; }

    public static FirstRunSecrets LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"'{path}' is empty or corrupt; delete it to generate new first-run secrets.");
            return new FirstRunSecrets(stored, null);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var adminKey = "efk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var demoSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var created = new Stored(ApiKeyOptions.Hash(adminKey), demoSecret);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(created));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: false);
        return new FirstRunSecrets(created, adminKey);
    }
}
