using System.Net;
using System.Text;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests.Functions;

public sealed class FunctionsModeApp : AppFactory
{
    // The custom handler drives the legacy runtime; it goes with it (issue 20 replaces it with the isolated worker app).
    protected override IEnumerable<(string Key, string Value)> Settings => [("EnforcementFlows:Functions:Enabled", "true"), ("EnforcementFlows:Workflows:Engine", "Legacy")];

    public EnforcementFlows.Durable.DurableClient LegacyDurable => Services.GetRequiredService<EnforcementFlows.Durable.DurableClient>();
}

/// <summary>Timer invocations as the Functions host sends them, answered in the custom handler's shape; absent outside functions mode.</summary>
public sealed class CustomHandlerInvocationTests(FunctionsModeApp functions) : IClassFixture<FunctionsModeApp>
{
    // The documented custom handler timer payload: the trigger's data under Data, host metadata under Metadata.
    private const string TimerInvocation = """
        {
          "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
          "Metadata": { "sys": { "MethodName": "Sweep", "UtcNow": "2026-11-22T09:30:00Z", "RandGuid": "00000000-0000-0000-0000-000000000001" } }
        }
        """;

    [Theory]
    [InlineData("/Sweep")]
    [InlineData("/DrainDurableWork")]
    public async Task Timer_invocation_answers_with_outputs_logs_and_return_value(string path)
    {
        using var client = functions.CreateClient();
        var response = await client.PostAsync(path, new StringContent(TimerInvocation, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(JsonValueKind.Object, root.GetProperty("Outputs").ValueKind);
        Assert.NotEmpty(root.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ReturnValue").ValueKind);
    }

    [Fact]
    public async Task Sweep_invocation_leaves_the_running_singleton_sweep_alone()
    {
        using var client = functions.CreateClient();
        var response = await client.PostAsync("/Sweep", new StringContent(TimerInvocation, Encoding.UTF8, "application/json"));
        var logs = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Contains(logs, l => l!.Contains("'sweep'", StringComparison.Ordinal));
        var sweep = await functions.LegacyDurable.GetInstanceAsync("sweep");
        Assert.NotNull(sweep);
        Assert.False(EnforcementFlows.Durable.OrchestrationStatusExtensions.IsTerminal(sweep.Status));
    }

    [Theory]
    [InlineData("/Sweep")]
    [InlineData("/DrainDurableWork")]
    public async Task Timer_paths_are_not_found_outside_functions_mode(string path)
    {
        using var plain = new AppFactory();
        using var client = plain.CreateClient();
        var response = await client.PostAsync(path, new StringContent(TimerInvocation, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
