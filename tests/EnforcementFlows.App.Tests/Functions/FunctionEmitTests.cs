using System.Text.Json;
using EnforcementFlows.App.Functions;
using Microsoft.Extensions.Configuration;

namespace EnforcementFlows.App.Tests.Functions;

/// <summary>`functions emit`: one function.json per table row, with the bindings the custom handler needs.</summary>
public sealed class FunctionEmitTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "ef-tests", "emit-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Emit_writes_one_function_json_per_row_with_http_and_timer_bindings()
    {
        var table = FunctionTable.Create(FunctionTable.DefaultSweepSchedule);
        FunctionJsonWriter.Emit(table, _out);

        Assert.Equal(table.Select(f => f.Name).Order(), Directory.GetDirectories(_out).Select(Path.GetFileName).Order());
        foreach (var function in table)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, function.Name, "function.json")));
            var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToList();
            if (function.Trigger == FunctionTrigger.Http)
            {
                Assert.Equal(2, bindings.Count);
                var trigger = bindings.Single(b => b.GetProperty("type").GetString() == "httpTrigger");
                Assert.Equal("in", trigger.GetProperty("direction").GetString());
                Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
                Assert.Equal(function.Route, trigger.GetProperty("route").GetString());
                Assert.Equal(function.Methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!));
                var output = bindings.Single(b => b.GetProperty("type").GetString() == "http");
                Assert.Equal(("out", "res"), (output.GetProperty("direction").GetString(), output.GetProperty("name").GetString()));
            }
            else
            {
                var timer = Assert.Single(bindings);
                Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
                Assert.Equal(function.Schedule, timer.GetProperty("schedule").GetString());
            }
        }
    }

    [Fact]
    public void Table_has_the_intake_approval_api_health_routes_and_both_timers()
    {
        var table = FunctionTable.Create(new ConfigurationBuilder().Build());
        var routes = table.Where(f => f.Trigger == FunctionTrigger.Http).Select(f => f.Route).ToList();
        foreach (var route in new[] { "api/reports", "api/flags", "approvals/{token}", "api/{*rest}", "healthz", "readyz" })
        {
            Assert.Contains(route, routes);
        }
        Assert.Equal("0 */5 * * * *", table.Single(f => f.Name == "Sweep").Schedule);
        Assert.Equal("0 */1 * * * *", table.Single(f => f.Name == "DrainDurableWork").Schedule);
        Assert.Equal(table.Count, table.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Sweep_schedule_comes_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("EnforcementFlows:Functions:SweepSchedule", "0 */15 * * * *")]).Build();
        Assert.Equal("0 */15 * * * *", FunctionTable.Create(configuration).Single(f => f.Name == "Sweep").Schedule);
        Assert.False(FunctionTable.IsNcrontab("*/5 * * * *")); // five fields: classic cron, not NCRONTAB
    }

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }
}
