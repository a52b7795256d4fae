using System.Text;

namespace EnforcementFlows.Durable.Storage;

/// <summary>Opaque keyset-paging token: the last row's creation time and id.</summary>
internal static class PageToken
{
    public static string Format(long createdAtMs, string instanceId)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{createdAtMs}|{instanceId}"));

    public static bool TryParse(string? token, out (long CreatedAt, string InstanceId) value)
    {
        value = default;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), out var at))
            {
                value = (at, text[(bar + 1)..]);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        throw new ArgumentException("The continuation token is not valid.", nameof(token));
    }
}
