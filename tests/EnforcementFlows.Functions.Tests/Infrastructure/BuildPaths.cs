using System.Reflection;

namespace EnforcementFlows.Functions.Tests.Infrastructure;

/// <summary>Paths the test project's build recorded: the Functions app's output and the repository root.</summary>
internal static class BuildPaths
{
    public static string FunctionsOutput => Read("FunctionsOutput");

    public static string RepositoryRoot => Read("RepositoryRoot");

    private static string Read(string key)
    {
        var value = typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"Assembly metadata '{key}' is empty.");
        return Path.GetFullPath(value);
    }
}
