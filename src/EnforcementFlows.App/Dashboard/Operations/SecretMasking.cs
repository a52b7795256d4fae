using System.Data.Common;
using System.Text.RegularExpressions;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>How configuration values that carry secrets are shown: never the value, only whether it is set.</summary>
public static partial class SecretMasking
{
    public const string Set = "set";
    public const string NotSet = "not set";

    [GeneratedRegex("secret|password|passwd|pwd|token|key|credential|signature|sas", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    public static bool IsConnectionStringKey(string key) => key.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase);

    /// <summary>"set"/"not set"; for a list: how many are set.</summary>
    public static string SetOrNot(object? value) => value switch
    {
        null => NotSet,
        string s => string.IsNullOrEmpty(s) ? NotSet : Set,
        IEnumerable<string> list => list.Count(s => !string.IsNullOrEmpty(s)) is var n and > 0 ? $"{n} set" : NotSet,
        _ => Set,
    };

    /// <summary>A connection string with every secret-named part replaced by "set"; a plain file path as it is.</summary>
    public static string ConnectionString(string value)
    {
        if (!value.Contains('='))
        {
            return value;
        }
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            var parts = builder.Keys.Cast<string>().Select(k => $"{k}={(IsSecretName(k) ? Set : builder[k])}");
            return string.Join(';', parts);
        }
        catch (ArgumentException)
        {
            return Set + " (unreadable connection string, not shown)";
        }
    }

    /// <summary>An absolute URL without user info and with query values masked; any other text unchanged.</summary>
    public static string Url(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "postgres" or "postgresql" or "smtp"))
        {
            return value;
        }
        var shown = new UriBuilder(uri) { UserName = "", Password = "", Query = "" }.Uri.GetLeftPart(UriPartial.Path);
        var notes = new List<string>();
        if (uri.UserInfo.Length > 0) notes.Add("user info set");
        if (uri.Query.Length > 1) notes.Add("query set");
        return notes.Count == 0 ? shown : $"{shown} ({string.Join(", ", notes)})";
    }
}
