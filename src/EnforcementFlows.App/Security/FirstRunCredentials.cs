using System.Globalization;

namespace EnforcementFlows.App.Security;

/// <summary>
/// {DataDirectory}/first-run-credentials.env: shell variable assignments, so `. data/first-run-credentials.env`
/// (or an env-file loader) makes $EF_ADMIN_KEY and $EF_DEMO_WEBHOOK_SECRET available without jq.
/// </summary>
public static class FirstRunCredentials
{
    public const string FileName = "first-run-credentials.env";
    public const string AdminKeyVariable = "EF_ADMIN_KEY";
    public const string DemoSecretVariable = "EF_DEMO_WEBHOOK_SECRET";

    public static string PathNextTo(string secretsPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(secretsPath))!, FileName);

    internal static string Format(string adminKey, string demoSecret, DateTimeOffset createdAt) => string.Create(CultureInfo.InvariantCulture, $"""
        # EnforcementFlows first-run credentials, written {createdAt:O} (readable by the owner only).
        # The service keeps only the admin key's SHA-256 hash: store the key elsewhere, then delete this file;
        # make more keys with `admin key create --role ROLE`.
        {AdminKeyVariable}='{adminKey}'
        {DemoSecretVariable}='{demoSecret}'

        """);

    /// <summary>The value of one variable in a credentials file; null when the file or the variable is missing.</summary>
    public static string? Read(string path, string variable)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var prefix = variable + "=";
        return File.ReadLines(path).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].Trim('\'')).FirstOrDefault();
    }
}
