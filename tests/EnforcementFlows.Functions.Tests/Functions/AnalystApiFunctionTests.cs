using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Api;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// The analyst API triggers over the app's services on a real SQLite domain, authenticated with the self-host's API
/// keys: missing or weak keys and bad input are problem+json, a decision is a 202 and an outbox row. Instance
/// operations run on a Moq DurableTaskClient, as the Functions host would bind it.
/// </summary>
public sealed class AnalystApiFunctionTests(ApiHostFixture host) : IClassFixture<ApiHostFixture>
{
    private Task<HttpAnswer> Cases(string method, string path, string? key, Func<CaseFunctions, HttpRequest, Task<IActionResult>> function, Action<HttpCall>? with = null)
    {
        var call = new HttpCall(host.Services, method, path);
        if (key is not null)
        {
            call.ApiKey(key);
        }
        with?.Invoke(call);
        return call.Send(r => function(ActivatorUtilities.CreateInstance<CaseFunctions>(r.HttpContext.RequestServices), r));
    }

    [Fact]
    public async Task A_request_without_an_api_key_is_a_401_problem()
    {
        var answer = await Cases("GET", "/api/cases", null, (f, r) => f.Cases(r));
        answer.AssertProblem(StatusCodes.Status401Unauthorized);
        Assert.Equal("Bearer", answer.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task An_unknown_api_key_is_a_401_problem()
        => (await Cases("GET", "/api/cases", "not-a-key", (f, r) => f.Cases(r))).AssertProblem(StatusCodes.Status401Unauthorized);

    [Fact]
    public async Task An_analyst_may_read_cases_but_not_decide()
    {
        var list = await Cases("GET", "/api/cases?pageSize=5", host.AnalystKey, (f, r) => f.Cases(r));
        Assert.Equal(StatusCodes.Status200OK, list.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, list.Json().ValueKind);

        var decide = await Cases("POST", "/api/cases/case-x/decision", host.AnalystKey, (f, r) => f.Decision(r, "case-x"), c => c.Json(new { approve = true }));
        decide.AssertProblem(StatusCodes.Status403Forbidden);
    }

    [Fact]
    public async Task An_unknown_case_is_a_404_problem()
        => (await Cases("GET", "/api/cases/nope", host.AnalystKey, (f, r) => f.Case(r, "nope"))).AssertProblem(StatusCodes.Status404NotFound);

    [Theory]
    [InlineData("/api/cases?pageSize=many")]
    [InlineData("/api/cases?from=yesterday")]
    public async Task A_malformed_query_is_a_400_problem(string path)
        => (await Cases("GET", path, host.AnalystKey, (f, r) => f.Cases(r))).AssertProblem(StatusCodes.Status400BadRequest);

    [Theory]
    [InlineData("application/json", "{\"approve\": ")]
    [InlineData("application/json", "null")]
    [InlineData("text/plain", "approve")]
    public async Task A_malformed_decision_body_is_a_400_problem_and_records_nothing(string contentType, string body)
    {
        await host.SeedAwaitingCaseAsync("case-bad-" + body.Length + contentType.Length);
        var before = await host.Services.GetRequiredService<WorkflowOutbox>().BacklogAsync(CancellationToken.None);

        var answer = await Cases("POST", "/api/cases/x/decision", host.ApproverKey, (f, r) => f.Decision(r, "case-bad-" + body.Length + contentType.Length),
            c => c.Body(contentType, body));

        answer.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Equal(before, await host.Services.GetRequiredService<WorkflowOutbox>().BacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_approver_s_decision_on_a_waiting_case_is_accepted_for_its_workflow()
    {
        await host.SeedAwaitingCaseAsync("case-api");
        var outbox = host.Services.GetRequiredService<WorkflowOutbox>();
        var before = await outbox.BacklogAsync(CancellationToken.None);

        var answer = await Cases("POST", "/api/cases/case-api/decision", host.ApproverKey, (f, r) => f.Decision(r, "case-api"),
            c => c.Json(new { approve = false, comment = "not spam" }));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        Assert.Equal("/api/cases/case-api", answer.Headers.Location.ToString());
        Assert.Equal(before + 1, await outbox.BacklogAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Setting_a_tier_needs_an_admin()
    {
        (await Cases("PUT", "/api/accounts/acct-t/tier", host.ApproverKey, (f, r) => f.Tier(r, "acct-t"), c => c.Json(new { tier = "trusted" })))
            .AssertProblem(StatusCodes.Status403Forbidden);
    }

    private Task<HttpAnswer> Instances(string method, string path, string key, DurableTaskClient client,
        Func<HttpRequest, DurableTaskClient, Task<IActionResult>> function, Action<HttpCall>? with = null)
    {
        var call = new HttpCall(host.Services, method, path).ApiKey(key);
        with?.Invoke(call);
        return call.Send(r => function(r, client));
    }

    [Fact]
    public async Task An_unknown_instance_is_a_404_problem()
    {
        var client = new Mock<DurableTaskClient>("test-hub");
        client.Setup(c => c.GetInstanceAsync("case:nobody", true, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);

        var answer = await Instances("GET", "/api/instances/case:nobody", host.AnalystKey, client.Object, (r, c) => InstanceFunctions.GetInstance(r, c, "case:nobody"));

        answer.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task An_instance_is_read_through_the_bound_client()
    {
        var client = new Mock<DurableTaskClient>("test-hub");
        client.Setup(c => c.GetInstanceAsync("case:acct-1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("EnforcementCase", "case:acct-1") { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        var answer = await Instances("GET", "/api/instances/case:acct-1", host.AnalystKey, client.Object, (r, c) => InstanceFunctions.GetInstance(r, c, "case:acct-1"));

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("Running", answer.Json().GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_status_filter_is_a_400_problem()
    {
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test-hub");

        var answer = await Instances("GET", "/api/instances?status=Sleeping", host.AnalystKey, client.Object, InstanceFunctions.ListInstances);

        answer.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task Terminating_needs_an_admin_and_then_reaches_the_client_with_the_reason()
    {
        var client = new Mock<DurableTaskClient>("test-hub");
        client.Setup(c => c.TerminateInstanceAsync("case:acct-2", It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        // The instance exists (an operation on a missing one is a 404 before the client is asked).
        client.Setup(c => c.GetInstanceAsync("case:acct-2", false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("EnforcementCase", "case:acct-2") { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        (await Instances("POST", "/api/instances/case:acct-2/terminate", host.ApproverKey, client.Object, (r, c) => InstanceFunctions.TerminateInstance(r, c, "case:acct-2")))
            .AssertProblem(StatusCodes.Status403Forbidden);
        client.Verify(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);

        var answer = await Instances("POST", "/api/instances/case:acct-2/terminate", host.AdminKey, client.Object,
            (r, c) => InstanceFunctions.TerminateInstance(r, c, "case:acct-2"), call => call.Json(new { reason = "test" }));

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        client.Verify(c => c.TerminateInstanceAsync("case:acct-2", It.Is<TerminateInstanceOptions?>(o => (string?)o!.Output == "test"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_history_is_not_offered_by_the_functions_client_and_says_so()
    {
        var client = new Mock<DurableTaskClient>("test-hub");

        var answer = await Instances("GET", "/api/instances/case:acct-3/history", host.AnalystKey, client.Object, (r, c) => InstanceFunctions.GetHistory(r, c, "case:acct-3"));

        answer.AssertProblem(StatusCodes.Status501NotImplemented);
    }

    [Fact]
    public async Task The_management_urls_carry_the_system_key_so_only_an_admin_gets_them()
    {
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test-hub");
        foreach (var key in new[] { host.AnalystKey, host.ApproverKey })
        {
            (await Instances("GET", "/api/instances/case:acct-4/management", key, client.Object, (r, c) => InstanceFunctions.ManagementUrls(r, c, "case:acct-4")))
                .AssertProblem(StatusCodes.Status403Forbidden);
        }
    }
}
