using EnforcementFlows.TaskHub.Postgres;

namespace EnforcementFlows.TaskHub.Tests.Postgres;

public sealed class PostgresTaskHubOptionsTests
{
    // A well-formed connection string for validation only (a reserved .invalid host): nothing connects to it.
    private static PostgresTaskHubOptions Valid() => new()
    {
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder { Host = "validation.invalid", Username = "nobody" }.ConnectionString,
    };

    [Theory]
    [InlineData(nameof(PostgresTaskHubOptions.ConnectionString))]
    [InlineData(nameof(PostgresTaskHubOptions.Schema))]
    [InlineData(nameof(PostgresTaskHubOptions.LockTimeout))]
    [InlineData(nameof(PostgresTaskHubOptions.MaxPollInterval))]
    [InlineData(nameof(PostgresTaskHubOptions.WriterConnections))]
    [InlineData(nameof(PostgresTaskHubOptions.ClaimBatchSize))]
    public void Invalid_setting_is_refused_with_its_key_named(string key)
    {
        var options = Valid();
        switch (key)
        {
            case nameof(PostgresTaskHubOptions.ConnectionString): options.ConnectionString = " "; break;
            case nameof(PostgresTaskHubOptions.Schema): options.Schema = "Task-Hub; DROP"; break;
            case nameof(PostgresTaskHubOptions.LockTimeout): options.LockTimeout = TimeSpan.FromMilliseconds(10); break;
            case nameof(PostgresTaskHubOptions.MaxPollInterval): options.MaxPollInterval = TimeSpan.FromMilliseconds(1); options.MinPollInterval = TimeSpan.FromMilliseconds(5); break;
            case nameof(PostgresTaskHubOptions.WriterConnections): options.WriterConnections = 0; break;
            case nameof(PostgresTaskHubOptions.ClaimBatchSize): options.ClaimBatchSize = 5000; break;
        }

        var error = Assert.Throws<ArgumentException>(() => new PostgresOrchestrationService(options));

        Assert.Contains($"{PostgresTaskHubOptions.SectionName}:{key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_connection_string_is_refused_at_start_with_its_key_named()
    {
        var options = Valid();
        // Not a connection at all: keywords Npgsql does not know.
        options.ConnectionString = "Hots=x;Nonsense=1";

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains($"{PostgresTaskHubOptions.SectionName}:{nameof(PostgresTaskHubOptions.ConnectionString)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_with_a_connection_string_are_valid() => Valid().Validate();
}
