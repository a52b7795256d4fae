namespace EnforcementFlows.Storage.Tests.Infrastructure;

/// <summary>A fresh directory per test class or test, removed afterwards.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string? label = null)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ef-tests", $"{label ?? "t"}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the OS temp cleaner gets it.
        }
    }
}
