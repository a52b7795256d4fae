using System.Globalization;

namespace EnforcementFlows.Scoring.Text;

internal static partial class HtmlText
{
    // Only the entities that matter for reading words; unknown ones stay as written.
    private static readonly (string Name, char Value)[] NamedEntities =
    [
        ("amp", '&'), ("lt", '<'), ("gt", '>'), ("quot", '"'), ("apos", '\''), ("nbsp", ' '),
        ("copy", '©'), ("reg", '®'), ("trade", '™'), ("euro", '€'), ("pound", '£'), ("cent", '¢'),
    ];

    private static int AppendEntity(ReadOnlySpan<char> html, int start, CharBuffer output)
    {
        var rest = html[(start + 1)..];
        int semi = rest[..Math.Min(rest.Length, 10)].IndexOf(';');
        if (semi <= 0)
        {
            output.Append('&');
            return start + 1;
        }
        var body = rest[..semi];
        if (TryDecode(body, out char value))
        {
            output.Append(value);
            return start + semi + 2;
        }
        output.Append('&');
        return start + 1;
    }

    private static bool TryDecode(ReadOnlySpan<char> body, out char value)
    {
        value = '\0';
        if (body[0] == '#')
        {
            var digits = body[1..];
            bool hex = digits.Length > 0 && digits[0] is 'x' or 'X';
            bool parsed = hex
                ? int.TryParse(digits[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
                : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out code);
            if (!parsed || code <= 0 || code > char.MaxValue) return false;
            value = (char)code;
            return true;
        }
        foreach (var (name, decoded) in NamedEntities)
        {
            if (!body.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            value = decoded;
            return true;
        }
        return false;
    }
}
