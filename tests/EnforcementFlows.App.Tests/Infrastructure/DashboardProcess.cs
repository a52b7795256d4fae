using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The service as a real process on a real port for browser tests of the dashboard: the dashboard
/// test policy and the development sign-in turned on by its option (the process runs as Production).
/// </summary>
public sealed class DashboardProcess : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ef-tests", "dash-" + Guid.NewGuid().ToString("N"));
    private AppProcess? _service;

    public AppProcess Service => _service ?? throw new InvalidOperationException("DashboardProcess is not started.");

    public string Url(string path) => Service.BaseUrl + path;

    public async Task InitializeAsync()
    {
        _service = await AppProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["EnforcementFlows__Policy__File"] = DashboardPolicy.Write(_data),
            ["EnforcementFlows__Dashboard__EnableDevelopmentSignIn"] = "true",
        });
    }

    /// <summary>Sends a signed flag and waits for its case to await a decision; returns the case id.</summary>
    public async Task<string> AwaitingCaseAsync(string account, double confidence)
    {
        using (var intake = Service.Client(null))
        {
            var sent = await intake.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-" + account, account, confidence)));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        return await CaseInStatusAsync(account, "awaiting_approval");
    }

    public async Task<string> CaseInStatusAsync(string account, string status)
    {
        using var admin = Service.Client();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var cases = await admin.GetFromJsonAsync<JsonElement>($"/api/cases?accountId={account}");
            if (cases.GetArrayLength() > 0 && cases[0].GetProperty("status").GetString() == status)
            {
                return cases[0].GetProperty("caseId").GetString()!;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the case of {account} did not reach '{status}'");
    }

    public Task DisposeAsync()
    {
        _service?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        return Task.CompletedTask;
    }
}
