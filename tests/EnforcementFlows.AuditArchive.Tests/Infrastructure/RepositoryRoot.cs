namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>The checkout the tests were built from: where .cache/ lives.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EnforcementFlows.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No EnforcementFlows.sln above {AppContext.BaseDirectory}: the tests must run from a build inside the repository.");
    }
}
