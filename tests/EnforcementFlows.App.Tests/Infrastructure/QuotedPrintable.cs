using System.Globalization;
using System.Text;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// Undoes quoted-printable (RFC 2045) so a test can search a raw .eml for what a reader would see.
/// Headers and base64 parts pass through unchanged unless they happen to hold "=XX".
/// </summary>
public static class QuotedPrintable
{
    public static string Decode(string encoded)
    {
        var unwrapped = encoded.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=\n", "", StringComparison.Ordinal);
        var bytes = new List<byte>(unwrapped.Length);
        for (var i = 0; i < unwrapped.Length; i++)
        {
            if (unwrapped[i] == '=' && i + 2 < unwrapped.Length
                && byte.TryParse(unwrapped.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                bytes.Add(value);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(unwrapped[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
