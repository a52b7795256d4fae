using System.Reflection;
using EnforcementFlows.App.Api;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using EnforcementFlows.Functions.Api;
using EnforcementFlows.Functions.Intake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using EnforcementFlows.Functions.Relay;
using EnforcementFlows.Functions.Sweeps;
using EnforcementFlows.Workflows;
using Microsoft.DurableTask;

namespace EnforcementFlows.Functions.Tests.Metadata;

/// <summary>
/// The app the Functions host would load: every orchestrator and activity the SDK registry defines is a function
/// with the right trigger, the relay is a timer with a durable client, and every entry point exists.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly DurableTaskRegistry Registry = new DurableTaskRegistry().AddEnforcementTasks();
    private readonly IReadOnlyDictionary<string, FunctionEntry> functions = FunctionsMetadata.Read();

    [Fact]
    public void Every_orchestrator_of_the_registry_is_an_orchestration_trigger()
    {
        var orchestrators = Registry.GetOrchestrators().Select(o => o.Key.Name).ToList();
        Assert.Equal(new[] { WorkflowNames.Case, WorkflowNames.Lift, WorkflowNames.Sweep, WorkflowNames.Appeal }.Order(), orchestrators.Order());
        foreach (var name in orchestrators)
        {
            Assert.True(functions.TryGetValue(name, out var function), $"orchestrator {name} has no function");
            Assert.Equal(["orchestrationTrigger"], function.BindingTypes);
            Assert.Equal("In", function.Binding("orchestrationTrigger").GetProperty("direction").GetString());
        }
    }

    [Fact]
    public void Every_activity_of_the_registry_is_an_activity_trigger()
    {
        var registered = Registry.GetActivities().Select(a => a.Key.Name).Order().ToList();
        Assert.Equal(EnforcementTasks.ActivityNames.Order(), registered);
        foreach (var name in registered)
        {
            Assert.True(functions.TryGetValue(name, out var function), $"activity {name} has no function");
            Assert.Equal(["activityTrigger"], function.BindingTypes);
        }
    }

    [Fact]
    public void The_appeal_review_and_its_activities_are_functions()
    {
        // Issue 24: the Functions app hosts the appeal's orchestration, its three activities and its intake like the case's.
        Assert.Equal(["orchestrationTrigger"], functions[WorkflowNames.Appeal].BindingTypes);
        foreach (var name in new[] { Enforcement.Appeals.AppealActivities.Open, Enforcement.Appeals.AppealActivities.RequestReview, Enforcement.Appeals.AppealActivities.Conclude })
        {
            Assert.Equal(["activityTrigger"], functions[name].BindingTypes);
        }
        Assert.Equal("api/appeals", functions[AppealIntakeFunction.Name].Binding("httpTrigger").GetProperty("route").GetString());
    }

    [Fact]
    public void The_outbox_relay_is_a_timer_with_a_durable_client()
    {
        var relay = functions[OutboxRelayFunction.Name];
        Assert.Equal(["timerTrigger", "durableClient"], relay.BindingTypes);
        Assert.Equal("%OutboxRelaySchedule%", relay.Binding("timerTrigger").GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_notice_relay_is_a_timer_without_bindings_beyond_it()
    {
        var notices = functions[Notices.NoticeRelayFunction.Name];
        Assert.Equal(["timerTrigger"], notices.BindingTypes);
        Assert.Equal("%NoticeRelaySchedule%", notices.Binding("timerTrigger").GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_sweep_keeper_is_a_timer_with_a_durable_client()
    {
        var keeper = functions[SweepKeeperFunction.Name];
        Assert.Equal(["timerTrigger", "durableClient"], keeper.BindingTypes);
        Assert.Equal("%SweepKeeperSchedule%", keeper.Binding("timerTrigger").GetProperty("schedule").GetString());
    }

    /// <summary>Every HTTP function: name, route, method, and whether it binds a durable client.</summary>
    public static TheoryData<string, string, string, bool> HttpFunctions => new()
    {
        { IntakeFunctions.Reports, "api/reports", "post", false },
        { IntakeFunctions.Flags, "api/flags", "post", false },
        { AppealIntakeFunction.Name, "api/appeals", "post", false },
        { AppealFunctions.GetAppeal, "api/appeals/{id}", "get", false },
        { ApprovalFunctions.Show, "approvals/{token}", "get", false },
        { ApprovalFunctions.Decide, "approvals/{token}", "post", false },
        { CaseFunctions.GetReport, "api/reports/{id}", "get", false },
        { CaseFunctions.GetFlag, "api/flags/{id}", "get", false },
        { CaseFunctions.ListCases, "api/cases", "get", false },
        { CaseFunctions.GetCase, "api/cases/{id}", "get", false },
        { CaseFunctions.Decide, "api/cases/{id}/decision", "post", false },
        { CaseFunctions.ListSweeps, "api/sweeps", "get", false },
        { CaseFunctions.GetAccount, "api/accounts/{id}", "get", false },
        { CaseFunctions.SetTier, "api/accounts/{id}/tier", "put", false },
        { InstanceFunctions.List, "api/instances", "get", true },
        { InstanceFunctions.Get, "api/instances/{id}", "get", true },
        { InstanceFunctions.History, "api/instances/{id}/history", "get", true },
        { InstanceFunctions.Raise, "api/instances/{id}/events/{name}", "post", true },
        { InstanceFunctions.Terminate, "api/instances/{id}/terminate", "post", true },
        { InstanceFunctions.Suspend, "api/instances/{id}/suspend", "post", true },
        { InstanceFunctions.Resume, "api/instances/{id}/resume", "post", true },
        { InstanceFunctions.Purge, "api/instances/{id}", "delete", true },
        { InstanceFunctions.Management, "api/instances/{id}/management", "get", true },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Each_http_function_is_anonymous_on_its_self_host_route(string name, string route, string method, bool durableClient)
    {
        Assert.True(functions.TryGetValue(name, out var function), $"no function {name}");
        Assert.Equal(durableClient ? ["httpTrigger", "durableClient", "http"] : ["httpTrigger", "http"], function.BindingTypes);
        var trigger = function.Binding("httpTrigger");
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        // The platform's function keys are not the authentication: API keys, webhook signatures and link tokens are.
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("Out", function.Binding("http").GetProperty("direction").GetString());
    }

    [Fact]
    public void Every_api_and_approval_route_of_the_self_host_is_a_function_with_the_same_method()
    {
        // The self-host's own endpoint table, as its Map* methods build it.
        // (The handlers' services must be known, or the endpoint factory reads them as bodies; nothing is started.)
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["EnforcementFlows:DataDirectory"] = Path.GetTempPath() });
        builder.Services.AddEnforcementFunctions(builder.Configuration);
        builder.Services.AddSingleton(new Moq.Mock<IWorkflowInstances>().Object);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.MapIntakeApi();
        app.MapAppealsApi();
        app.MapCasesApi();
        app.MapInstancesApi();
        app.MapApprovalPages();
        var selfHost = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Route: e.RoutePattern.RawText!.Trim('/'), Method: m.ToLowerInvariant())))
            .Order().ToList();
        // The management URLs are the Functions app's own: the self-host has no Durable Functions management API.
        var ours = HttpFunctions.Where(row => (string)row[0] != InstanceFunctions.Management).Select(row => ((string)row[1], (string)row[2])).Order().ToList();
        Assert.Equal(selfHost, ours);
    }

    [Fact]
    public void The_app_has_no_function_beyond_the_workflows_the_timers_and_the_http_functions()
    {
        var expected = Registry.GetOrchestrators().Select(o => o.Key.Name)
            .Concat(EnforcementTasks.ActivityNames).Append(OutboxRelayFunction.Name).Append(SweepKeeperFunction.Name).Append(Archive.AuditArchiveFunction.Name).Append(Notices.NoticeRelayFunction.Name)
            .Concat(HttpFunctions.Select(row => (string)row[0])).Order();
        Assert.Equal(expected, functions.Keys.Order());
    }

    [Fact]
    public void Every_entry_point_is_a_public_method_of_the_app_assembly()
    {
        var assembly = typeof(OutboxRelayFunction).Assembly;
        foreach (var function in functions.Values)
        {
            Assert.Equal(assembly.GetName().Name + ".dll", function.ScriptFile);
            var split = function.EntryPoint.LastIndexOf('.');
            var type = assembly.GetType(function.EntryPoint[..split], throwOnError: true)!;
            Assert.NotNull(type.GetMethod(function.EntryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static));
        }
    }
}
