using System.CommandLine;
using EnforcementFlows.Scoring.Persistence;

namespace EnforcementFlows.Scoring.Cli;

/// <summary>Shared plumbing: where commands write, and turning expected failures into exit code 1.</summary>
internal static class CommandOutput
{
    public static TextWriter Out(ParseResult result) => result.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult result) => result.InvocationConfiguration.Error;

    /// <summary>Runs a command body; bad input and bad model files print one clear line instead of a stack trace.</summary>
    public static int Run(ParseResult result, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ModelFileException or FormatException or IOException or InvalidOperationException or ArgumentException or UnauthorizedAccessException)
        {
            Error(result).WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
