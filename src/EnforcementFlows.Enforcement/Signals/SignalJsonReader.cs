using System.Text.Json;

namespace EnforcementFlows.Enforcement.Signals;

/// <summary>
/// Parses signal request bodies. Unknown properties are ignored so senders can add fields
/// before this service knows them; nesting is capped at <see cref="SignalLimits.MaxJsonDepth"/>.
/// </summary>
public static class SignalJsonReader
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        MaxDepth = SignalLimits.MaxJsonDepth,
        // Two values for one key are read differently by different parsers; refuse rather than guess.
        AllowDuplicateProperties = false,
    };

    public static SignalReadResult<UserReport> ReadUserReport(ReadOnlyMemory<byte> json) =>
        ReadSingle(json, ToUserReport, SignalValidator.Validate);

    public static SignalReadResult<DetectorFlag> ReadDetectorFlag(ReadOnlyMemory<byte> json) =>
        ReadSingle(json, ToDetectorFlag, SignalValidator.Validate);

    /// <summary>Reads a JSON array of detector flags; errors are prefixed with the element index, e.g. <c>[3].confidence</c>.</summary>
    public static SignalReadResult<IReadOnlyList<DetectorFlag>> ReadDetectorFlagBatch(ReadOnlyMemory<byte> json)
    {
        if (!TryParse(json, out var document, out var reason))
        {
            return SignalReadResult<IReadOnlyList<DetectorFlag>>.Malformed(reason);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return SignalReadResult<IReadOnlyList<DetectorFlag>>.From(null, [new("$", "must be a JSON array of detector flags")]);
            }

            var errors = new List<FieldError>();
            SignalValidator.CheckBatchSize(errors, root.GetArrayLength());
            if (errors.Count > 0)
            {
                return SignalReadResult<IReadOnlyList<DetectorFlag>>.From(null, errors);
            }

            var flags = new List<DetectorFlag>();
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var prefix = $"[{index++}].";
                var elementErrors = MapAndValidate(element, ToDetectorFlag, SignalValidator.Validate, out var flag);
                errors.AddRange(elementErrors.Select(e => e.Under(prefix)));
                if (flag is not null)
                {
                    flags.Add(flag);
                }
            }

            return SignalReadResult<IReadOnlyList<DetectorFlag>>.From(flags, errors);
        }
    }

    private static SignalReadResult<T> ReadSingle<T>(ReadOnlyMemory<byte> json, Func<JsonFieldReader, T> map, Func<T, IReadOnlyList<FieldError>> validate)
        where T : class
    {
        if (!TryParse(json, out var document, out var reason))
        {
            return SignalReadResult<T>.Malformed(reason);
        }

        using (document)
        {
            var errors = MapAndValidate(document.RootElement, map, validate, out var value);
            return SignalReadResult<T>.From(value, errors);
        }
    }

    private static List<FieldError> MapAndValidate<T>(JsonElement element, Func<JsonFieldReader, T> map, Func<T, IReadOnlyList<FieldError>> validate, out T? value)
        where T : class
    {
        value = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return [new("$", "must be a JSON object")];
        }

        var errors = new List<FieldError>();
        var mapped = map(new JsonFieldReader(element, errors));

        // A mistyped field also looks "missing" to the validator; report only the more specific problem.
        var alreadyReported = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        errors.AddRange(validate(mapped).Where(e => !alreadyReported.Contains(e.Field)));
        if (errors.Count == 0)
        {
            value = mapped;
        }

        return errors;
    }

    private static bool TryParse(ReadOnlyMemory<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonDocument? document, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? reason)
    {
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
            reason = null;
            return true;
        }
        catch (JsonException ex)
        {
            document = null;
            reason = ex.Message;
            return false;
        }
    }

    private static UserReport ToUserReport(JsonFieldReader fields) => new(
        ReportId: fields.String("reportId"),
        ReporterId: fields.String("reporterId"),
        AccountId: fields.String("accountId"),
        Category: fields.Category("category"),
        Text: fields.String("text"),
        ContentId: fields.OptionalString("contentId"),
        OccurredAt: fields.OptionalTimestamp("occurredAt"));

    private static DetectorFlag ToDetectorFlag(JsonFieldReader fields) => new(
        FlagId: fields.String("flagId"),
        Detector: fields.String("detector"),
        AccountId: fields.String("accountId"),
        Category: fields.Category("category"),
        Confidence: fields.Number("confidence"),
        DetectorVersion: fields.OptionalString("detectorVersion"),
        Evidence: fields.OptionalString("evidence"));
}
