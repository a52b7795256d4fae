namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp directory, deleted (with any database files) afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ef-taskhub-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that failed may still hold a file; the temp directory is cleaned by the OS.
        }
    }
}
