using System.Text.Json;

namespace EnforcementFlows.Enforcement.Signals;

/// <summary>
/// Pulls typed fields out of one JSON object and records type problems as field errors.
/// Missing or mistyped strings come back empty so the validator's "required" rule still applies,
/// and <see cref="SignalJsonReader"/> keeps only the first error per field.
/// </summary>
internal sealed class JsonFieldReader(JsonElement obj, List<FieldError> errors)
{
    public string String(string name) => OptionalString(name) ?? string.Empty;

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(name, "must be a string"));
            return null;
        }

        return value.GetString();
    }

    public SignalCategory Category(string name)
    {
        if (!TryGet(name, out var value))
        {
            errors.Add(new(name, "required"));
        }
        else if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(name, "must be a string"));
        }
        else if (SignalCategoryNames.TryParse(value.GetString(), out var category))
        {
            return category.Value;
        }
        else
        {
            errors.Add(new(name, $"unknown value '{Truncate(value.GetString())}'"));
        }

        // Never returned to a caller: the recorded error makes the whole signal invalid.
        return SignalCategory.Other;
    }

    public double Number(string name)
    {
        if (!TryGet(name, out var value))
        {
            errors.Add(new(name, "required"));
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            errors.Add(new(name, "must be a number"));
            return 0;
        }

        return number;
    }

    public DateTimeOffset? OptionalTimestamp(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var timestamp))
        {
            return timestamp;
        }

        errors.Add(new(name, "must be an ISO-8601 timestamp with offset"));
        return null;
    }

    // An explicit null means the same as an absent field.
    private bool TryGet(string name, out JsonElement value) =>
        obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    // Echoing a 20 KB unknown value back into an error list helps nobody.
    private static string Truncate(string? value) => value is { Length: > 64 } ? value[..64] + "…" : value ?? string.Empty;
}
