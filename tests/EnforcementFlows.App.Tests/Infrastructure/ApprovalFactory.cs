using System.Collections.Concurrent;
using System.Text;
using EnforcementFlows.Enforcement.Approvals;
using EnforcementFlows.Enforcement.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The app with a test policy (spam's automatic restriction needs approval; violent_threat has
/// second-scale reminder, escalation and timeout), approval emails captured in memory, and every
/// log line captured at Trace level so tests can prove tokens never reach a log.
/// </summary>
public class ApprovalFactory : AppFactory
{
    public ConcurrentQueue<ApprovalEmail> Emails { get; } = new();
    public ConcurrentQueue<string> LogLines { get; } = new();
    private readonly string _policyFile;

    public ApprovalFactory()
    {
        Directory.CreateDirectory(DataDirectory);
        _policyFile = Path.Combine(DataDirectory, "policy.json");
        var policy = Encoding.UTF8.GetString(DefaultPolicy.ReadBytes())
            .Replace("{ \"minScore\": 0.45, \"outcome\": \"restrict\", \"duration\": \"P1D\", \"approval\": \"automatic\" }",
                "{ \"minScore\": 0.45, \"outcome\": \"restrict\", \"duration\": \"P1D\", \"approval\": \"required\" }", StringComparison.Ordinal)
            .Replace("\"reminderAfter\": \"PT30M\",\n        \"escalateAfter\": \"PT2H\",\n        \"timeoutAfter\": \"PT12H\"",
                "\"reminderAfter\": \"PT3S\",\n        \"escalateAfter\": \"PT6S\",\n        \"timeoutAfter\": \"PT9S\"", StringComparison.Ordinal);
        if (!policy.Contains("\"approval\": \"required\" }", StringComparison.Ordinal) || !policy.Contains("PT9S", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The test policy edits no longer match default-policy.json.");
        }
        File.WriteAllText(_policyFile, policy);
    }

    protected override IEnumerable<(string Key, string Value)> Settings => BaseSettings.Concat(ExtraSettings);

    protected virtual IEnumerable<(string Key, string Value)> ExtraSettings => [];

    private IEnumerable<(string Key, string Value)> BaseSettings =>
    [
        ("EnforcementFlows:Policy:File", _policyFile),
        ("EnforcementFlows:PublicBaseUrl", "https://approvals.example.test"),
        ("Logging:LogLevel:Default", "Trace"),
        ("Logging:LogLevel:Microsoft.AspNetCore", "Trace"),
    ];

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IApprovalNotifier>();
        services.AddSingleton<IApprovalNotifier>(new RecordingNotifier(Emails));
        services.AddLogging(b => b.AddProvider(new LogLineProvider(LogLines)).SetMinimumLevel(LogLevel.Trace));
    }

    private sealed class RecordingNotifier(ConcurrentQueue<ApprovalEmail> sink) : IApprovalNotifier
    {
        public Task SendAsync(ApprovalEmail email, CancellationToken cancellation)
        {
            sink.Enqueue(email);
            return Task.CompletedTask;
        }
    }
}

/// <summary><see cref="ApprovalFactory"/> on a PostgreSQL database of its own.</summary>
public sealed class PostgresApprovalFactory : ApprovalFactory
{
    protected override bool OnPostgres => true;
}
