using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EnforcementFlows.Enforcement.Audit;

/// <summary>
/// The byte encoding that audit hashes are computed over, written by hand so that it cannot drift with
/// serializer defaults. UTF-8 JSON, no whitespace, object keys sorted by UTF-16 code unit (ordinal), strings
/// escaping only <c>"</c>, <c>\</c> and control characters, integers as plain digits, other numbers in
/// shortest round-trip form, timestamps as UTC <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (microseconds, what
/// PostgreSQL keeps). The record's fields: accountId, actor, caseId, data, index, kind, previousHash, timestamp;
/// absent optional fields are written as null.
/// </summary>
public static class AuditCanonicalEncoding
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static byte[] Encode(AuditRecord record)
    {
        var json = new StringBuilder(256);
        json.Append('{');
        Key(json, "accountId", first: true); NullableString(json, record.AccountId);
        Key(json, "actor"); Text(json, record.Actor);
        Key(json, "caseId"); NullableString(json, record.CaseId);
        Key(json, "data"); Value(json, record.Data);
        Key(json, "index"); json.Append(record.Index.ToString(CultureInfo.InvariantCulture));
        Key(json, "kind"); Text(json, record.Kind.ToWireName());
        Key(json, "previousHash"); Text(json, record.PreviousHash);
        Key(json, "timestamp"); Text(json, FormatTimestamp(record.Timestamp));
        json.Append('}');
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    /// <summary>UTC, truncated to whole microseconds: the precision every store can keep exactly.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset timestamp)
    {
        var utc = timestamp.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        Normalize(timestamp).ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static void Key(StringBuilder json, string name, bool first = false)
    {
        if (!first)
        {
            json.Append(',');
        }

        Text(json, name);
        json.Append(':');
    }

    private static void NullableString(StringBuilder json, string? value)
    {
        if (value is null)
        {
            json.Append("null");
        }
        else
        {
            Text(json, value);
        }
    }

    private static void Value(StringBuilder json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(json, element);
                break;
            case JsonValueKind.Array:
                json.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    json.Append(first ? string.Empty : ",");
                    first = false;
                    Value(json, item);
                }

                json.Append(']');
                break;
            case JsonValueKind.String:
                Text(json, element.GetString()!);
                break;
            case JsonValueKind.Number:
                Number(json, element);
                break;
            case JsonValueKind.True:
                json.Append("true");
                break;
            case JsonValueKind.False:
                json.Append("false");
                break;
            default:
                json.Append("null");
                break;
        }
    }

    private static void WriteObject(StringBuilder json, JsonElement element)
    {
        var properties = element.EnumerateObject().ToList();
        properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        json.Append('{');
        for (var i = 0; i < properties.Count; i++)
        {
            // Two values under one key would hash one way here and be read another way elsewhere.
            if (i > 0 && properties[i].Name == properties[i - 1].Name)
            {
                throw new ArgumentException($"audit data has duplicate key '{properties[i].Name}'");
            }

            Key(json, properties[i].Name, first: i == 0);
            Value(json, properties[i].Value);
        }

        json.Append('}');
    }

    // 1, 1.0 and 1e0 are one number: stores that re-encode JSON (jsonb) must not change the hash.
    private static void Number(StringBuilder json, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            json.Append(integer.ToString(CultureInfo.InvariantCulture));
            return;
        }

        var number = element.GetDouble();
        if (Math.Abs(number) < 9007199254740992d && number == Math.Floor(number))
        {
            json.Append(((long)number).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            json.Append(number.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal));
        }
    }

    private static void Text(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }

        json.Append('"');
    }
}
