using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.Functions.Hosting;

/// <summary>
/// The timers' NCRONTAB schedules (six fields, seconds first), read by the Functions host from app settings through
/// <c>%Setting%</c> binding expressions. A binding expression has no default: the host refuses to index a timer whose
/// setting is unset, so the defaults below are written by bicep and local.settings.example.json, and the worker checks
/// the same settings at start to name the missing one.
/// </summary>
public static class FunctionSchedules
{
    public const string OutboxRelaySetting = "OutboxRelaySchedule";

    /// <summary>Every 5 seconds: a signal waits at most that long (plus the delivery) before its case hears of it.</summary>
    public const string OutboxRelayDefault = "*/5 * * * * *";

    public const string NoticeRelaySetting = "NoticeRelaySchedule";

    /// <summary>Every 5 seconds, at 2 s past (off the outbox relay's second): an outcome notice leaves within about 5 s of its decision.</summary>
    public const string NoticeRelayDefault = "2-59/5 * * * * *";

    public const string SweepKeeperSetting = "SweepKeeperSchedule";

    /// <summary>Every 5 minutes: how late a dead sweep is noticed.</summary>
    public const string SweepKeeperDefault = "0 */5 * * * *";

    public const string AuditArchiveSetting = "AuditArchiveSchedule";

    /// <summary>Every 5 minutes, at 30 s past (off the other timers' second): the self-host job's default interval.</summary>
    public const string AuditArchiveDefault = "30 */5 * * * *";

    /// <summary>Each schedule setting with its default.</summary>
    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>
    {
        [OutboxRelaySetting] = OutboxRelayDefault,
        [NoticeRelaySetting] = NoticeRelayDefault,
        [SweepKeeperSetting] = SweepKeeperDefault,
        [AuditArchiveSetting] = AuditArchiveDefault,
    };

    /// <summary>Null when <paramref name="schedule"/> looks like a six-field NCRONTAB expression; otherwise why not.</summary>
    public static string? Problem(string setting, string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return $"{setting} is not set: the Functions host cannot index its timer (default '{Defaults[setting]}').";
        }
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // The host's parser (NCrontab) decides the rest; six fields is what tells seconds-first NCRONTAB from Unix cron.
        return fields.Length == 6 && fields.All(f => f.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '/' or ',' or '-'))
            ? null
            : $"{setting} must be an NCRONTAB expression with six fields, seconds first (got '{schedule}', default '{Defaults[setting]}').";
    }

    /// <summary>Checks every schedule setting when the worker starts.</summary>
    public static IServiceCollection AddFunctionSchedules(this IServiceCollection services)
    {
        services.AddOptions<ScheduleSettings>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleSettings>, ScheduleSettingsValidator>();
        return services;
    }

    /// <summary>A marker options type: the settings live at the configuration root, as the host reads them.</summary>
    public sealed class ScheduleSettings;

    private sealed class ScheduleSettingsValidator(IConfiguration configuration) : IValidateOptions<ScheduleSettings>
    {
        public ValidateOptionsResult Validate(string? name, ScheduleSettings options)
        {
            var problems = Defaults.Keys.Select(k => Problem(k, configuration[k])).OfType<string>().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
