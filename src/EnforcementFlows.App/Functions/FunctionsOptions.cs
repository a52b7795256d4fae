using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Functions;

/// <summary>Configuration section "EnforcementFlows:Functions": running behind the Azure Functions host as a custom handler.</summary>
public sealed class FunctionsOptions
{
    public const string Section = "EnforcementFlows:Functions";

    /// <summary>The variable the Functions host sets to the loopback port the custom handler must listen on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Accept the host's timer invocations even without <see cref="PortVariable"/> (tests, a local func host).</summary>
    public bool Enabled { get; set; }

    /// <summary>NCRONTAB (six fields, seconds first) of the Sweep timer; written into its function.json by `functions emit`.</summary>
    public string SweepSchedule { get; set; } = FunctionTable.DefaultSweepSchedule;

    /// <summary>
    /// Functions mode: the Functions host started us (it always sets the port) or an operator opted in.
    /// Read from configuration so environment variables and test settings behave the same.
    /// </summary>
    public static bool IsEnabled(IConfiguration configuration)
        => CustomHandlerPort(configuration) is not null || configuration.GetValue<bool>($"{Section}:Enabled");

    /// <summary>The port from <see cref="PortVariable"/>; null when unset. A malformed value fails loudly rather than listening elsewhere.</summary>
    public static int? CustomHandlerPort(IConfiguration configuration)
    {
        var raw = configuration[PortVariable];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        return int.TryParse(raw, out var port) && port is > 0 and <= 65535
            ? port
            : throw new OptionsValidationException(PortVariable, typeof(FunctionsOptions), [$"{PortVariable} must be a TCP port (got '{raw}')."]);
    }
}

internal sealed class FunctionsOptionsValidator : IValidateOptions<FunctionsOptions>
{
    public ValidateOptionsResult Validate(string? name, FunctionsOptions o)
        => FunctionTable.IsNcrontab(o.SweepSchedule)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{FunctionsOptions.Section}:SweepSchedule must be an NCRONTAB expression with six fields, seconds first (got '{o.SweepSchedule}').");
}
