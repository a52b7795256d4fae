using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace EnforcementFlows.Enforcement.Policy;

internal sealed partial class PolicyReader
{
    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private bool ExpectObject(JsonElement element, string path, params string[] allowedFields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, "must be an object");
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!allowedFields.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(Join(path == "$" ? string.Empty : path, property.Name), $"unknown field (expected one of {string.Join(", ", allowedFields)})");
            }
        }

        return true;
    }

    private string? OptionalString(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Error(Join(path, name), "must be a non-empty string");
            return null;
        }

        return value.GetString();
    }

    private string? RequiredString(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out _))
        {
            Error(Join(path, name), "required");
            return null;
        }

        return OptionalString(obj, path, name);
    }

    private List<string>? OptionalStringList(JsonElement obj, string path, string name, bool allowEmpty)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        var fieldPath = Join(path, name);
        if (value.ValueKind != JsonValueKind.Array || (!allowEmpty && value.GetArrayLength() == 0))
        {
            Error(fieldPath, allowEmpty ? "must be an array of strings" : "must be a non-empty array of strings");
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{fieldPath}[{index++}]";
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                Error(itemPath, "must be a non-empty string");
            }
            else if (items.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                Error(itemPath, $"duplicate '{item.GetString()}'");
            }
            else
            {
                items.Add(item.GetString()!);
            }
        }

        return items;
    }

    private double? RequiredScore(JsonElement obj, string path, string name)
    {
        var fieldPath = Join(path, name);
        if (!obj.TryGetProperty(name, out var value))
        {
            Error(fieldPath, "required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var score) || score is < 0 or > 1)
        {
            Error(fieldPath, "must be a number between 0 and 1");
            return null;
        }

        return score;
    }

    private PolicyOutcome? RequiredOutcome(JsonElement obj, string path, string name)
    {
        var text = RequiredString(obj, path, name);
        if (text is null)
        {
            return null;
        }

        if (!PolicyOutcomeNames.TryParse(text, out var outcome))
        {
            Error(Join(path, name), $"unknown '{text}' (expected dismiss, warn, restrict, suspend or ban)");
        }

        return outcome;
    }

    private TimeSpan? RequiredDuration(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out _))
        {
            Error(Join(path, name), "required");
            return null;
        }

        return OptionalDuration(obj, path, name);
    }

    // ISO-8601 durations (P7D, PT4H): unambiguous, and readable in both JSON and YAML.
    private TimeSpan? OptionalDuration(JsonElement obj, string path, string name)
    {
        var text = OptionalString(obj, path, name);
        if (text is null)
        {
            return null;
        }

        try
        {
            var duration = XmlConvert.ToTimeSpan(text);
            if (duration > TimeSpan.Zero)
            {
                return duration;
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }

        Error(Join(path, name), string.Create(CultureInfo.InvariantCulture, $"'{text}' is not a positive ISO-8601 duration such as P7D or PT4H"));
        return null;
    }
}
