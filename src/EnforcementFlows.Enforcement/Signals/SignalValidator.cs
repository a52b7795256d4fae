namespace EnforcementFlows.Enforcement.Signals;

/// <summary>Checks the semantic rules of signals and returns every problem at once, so a client can fix them in one round trip.</summary>
public static class SignalValidator
{
    public static IReadOnlyList<FieldError> Validate(UserReport report)
    {
        var errors = new List<FieldError>();
        RequireId(errors, "reportId", report.ReportId);
        RequireId(errors, "reporterId", report.ReporterId);
        RequireId(errors, "accountId", report.AccountId);
        RequireDefined(errors, report.Category);
        RequireText(errors, "text", report.Text, SignalLimits.MaxTextLength);
        OptionalId(errors, "contentId", report.ContentId);
        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(DetectorFlag flag)
    {
        var errors = new List<FieldError>();
        RequireId(errors, "flagId", flag.FlagId);
        RequireId(errors, "detector", flag.Detector);
        OptionalId(errors, "detectorVersion", flag.DetectorVersion);
        RequireId(errors, "accountId", flag.AccountId);
        RequireDefined(errors, flag.Category);

        // NaN fails both comparisons, so it is caught here as well.
        if (!(flag.Confidence >= 0 && flag.Confidence <= 1))
        {
            errors.Add(new("confidence", "must be between 0 and 1"));
        }

        if (flag.Evidence is { Length: > SignalLimits.MaxEvidenceLength })
        {
            errors.Add(new("evidence", $"must be at most {SignalLimits.MaxEvidenceLength} characters"));
        }

        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<DetectorFlag> batch)
    {
        var errors = new List<FieldError>();
        CheckBatchSize(errors, batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            errors.AddRange(Validate(batch[i]).Select(e => e.Under($"[{i}].")));
        }

        return errors;
    }

    internal static void CheckBatchSize(List<FieldError> errors, int count)
    {
        if (count == 0)
        {
            errors.Add(new("flags", "must contain at least one flag"));
        }
        else if (count > SignalLimits.MaxFlagsPerBatch)
        {
            errors.Add(new("flags", $"must contain at most {SignalLimits.MaxFlagsPerBatch} flags (got {count})"));
        }
    }

    private static void RequireId(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "required"));
            return;
        }

        OptionalId(errors, field, value);
    }

    private static void OptionalId(List<FieldError> errors, string field, string? value)
    {
        if (value is { Length: > SignalLimits.MaxIdLength })
        {
            errors.Add(new(field, $"must be at most {SignalLimits.MaxIdLength} characters"));
        }
    }

    private static void RequireText(List<FieldError> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "required"));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new(field, $"must be at most {maxLength} characters"));
        }
    }

    private static void RequireDefined(List<FieldError> errors, SignalCategory category)
    {
        if (!Enum.IsDefined(category))
        {
            errors.Add(new("category", $"unknown value '{(int)category}'"));
        }
    }
}
