using System.Net;
using System.Net.Http.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.App.Tests;

public sealed class InstancesApiTests(AppFactory app) : InstancesApiTests<AppFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresInstancesApiTests(PostgresAppFactory app) : InstancesApiTests<PostgresAppFactory>(app);

public abstract class InstancesApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AppFactory
{
    [Fact]
    public async Task Without_a_key_the_management_api_answers_401_problem_json()
    {
        using var client = app.ClientWithKey(null);
        var response = await client.GetAsync("/api/instances");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_key_is_refused()
    {
        using var client = app.ClientWithKey("not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/instances")).StatusCode);
    }

    [Fact]
    public async Task Analyst_reads_instances_and_history_but_cannot_terminate()
    {
        var id = await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "a");
        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);

        var list = await analyst.GetFromJsonAsync<EnforcementFlows.App.Api.InstancesApi.InstancePageDto>("/api/instances?prefix=" + id);
        Assert.Contains(list!.Instances, i => i.InstanceId == id);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/instances/{id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/instances/{id}/terminate", new { reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task Admin_raises_events_and_terminates()
    {
        using var admin = app.ClientWithKey(AppFactory.AdminKey);
        var id = await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "b");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/instances/{id}/events/go", "!")).StatusCode);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal("b!", (await app.Durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token)).ReadOutputAs<string>());

        var other = await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "c");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/instances/{other}/terminate", new { reason = "test" })).StatusCode);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await app.Durable.WaitForInstanceCompletionAsync(other, timeout.Token)).RuntimeStatus);
    }

    [Theory]
    [InlineData("GET", "/api/instances/nope", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/instances/nope/events/go", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/instances?status=Sleeping", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/api/instances/nope", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_problem_json_with_the_right_status(string method, string path, HttpStatusCode expected)
    {
        using var admin = app.ClientWithKey(AppFactory.AdminKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create("x");
        }
        var response = await admin.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenAPI_document_is_served()
    {
        using var client = app.ClientWithKey(null);
        var doc = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/instances/{id}/history", doc);
    }
}
