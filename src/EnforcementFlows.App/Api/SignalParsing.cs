using EnforcementFlows.Enforcement.Signals;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Api;

/// <summary>JSON body → validated signals, or the problem (400 malformed, 422 invalid) to answer with.</summary>
internal static class SignalParsing
{
    public sealed record Parsed(IReadOnlyList<IncomingSignal> Signals, IResult? Problem);

    public static Parsed Parse(SignalKind kind, byte[] body)
    {
        if (kind == SignalKind.Report)
        {
            var report = SignalJsonReader.ReadUserReport(body);
            return report.IsAccepted
                ? new([ToIncoming(report.Value!)], null)
                : new([], Failure(report.Status, report.MalformedReason, report.Errors));
        }
        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'[')
        {
            var batch = SignalJsonReader.ReadDetectorFlagBatch(body);
            return batch.IsAccepted
                ? new(batch.Value!.Select(ToIncoming).ToList(), null)
                : new([], Failure(batch.Status, batch.MalformedReason, batch.Errors));
        }
        var flag = SignalJsonReader.ReadDetectorFlag(body);
        return flag.IsAccepted ? new([ToIncoming(flag.Value!)], null) : new([], Failure(flag.Status, flag.MalformedReason, flag.Errors));
    }

    private static IncomingSignal ToIncoming(UserReport r)
        => new(SignalKind.Report, r.ReportId, r.AccountId, r.Category, r.ReporterId, System.Text.Encoding.UTF8.GetString(SignalJson.Write(r)));

    private static IncomingSignal ToIncoming(DetectorFlag f)
        => new(SignalKind.Flag, f.FlagId, f.AccountId, f.Category, null, System.Text.Encoding.UTF8.GetString(SignalJson.Write(f)), f.Confidence);

    private static IResult Failure(SignalReadStatus status, string? malformed, IReadOnlyList<FieldError> errors)
        => status == SignalReadStatus.MalformedJson
            ? Problems.Of(StatusCodes.Status400BadRequest, "Malformed JSON", malformed ?? "The body is not valid JSON.")
            : Problems.Invalid(errors);
}
