using System.Text;
using System.Text.Json;
using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Webhooks;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Intake;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// The intake HTTP triggers over the Functions app's services on a real SQLite domain: bad input is answered with
/// problem+json, a signed report with 202 and an outbox row for the relay.
/// </summary>
public sealed class IntakeFunctionTests(FunctionsHostFixture host) : IClassFixture<FunctionsHostFixture>
{
    private static readonly byte[] Report = File.ReadAllBytes(Path.Combine(BuildPaths.RepositoryRoot, "src", "EnforcementFlows.App", "samples", "report.json"));

    private sealed record Answer(int Status, string? ContentType, string Body);

    private async Task<Answer> Post(Func<IntakeFunctions, HttpRequest, Task<IActionResult>> function, byte[] body, bool signed,
        string contentType = "application/json", string? secretText = null)
    {
        var http = new DefaultHttpContext { RequestServices = host.Services };
        http.Request.Method = "POST";
        http.Request.ContentType = contentType;
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = body.Length;
        if (signed)
        {
            var secret = WebhookSecret.Parse(secretText ?? host.Services.GetRequiredService<FirstRunSecrets>().DemoIntakeSecret);
            foreach (var (name, value) in new OutboundWebhookSigner(secret, TimeProvider.System).Sign("msg_" + Guid.NewGuid().ToString("N"), body).AsDictionary())
            {
                http.Request.Headers[name] = value;
            }
        }
        var response = new MemoryStream();
        http.Response.Body = response;
        var functions = ActivatorUtilities.CreateInstance<IntakeFunctions>(host.Services);
        var action = await function(functions, http.Request);
        await action.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        return new Answer(http.Response.StatusCode, http.Response.ContentType, Encoding.UTF8.GetString(response.ToArray()));
    }

    private static void AssertProblem(Answer answer, int status)
    {
        Assert.Equal(status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        using var json = JsonDocument.Parse(answer.Body);
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task An_unsigned_report_is_refused_with_problem_json()
        => AssertProblem(await Post((f, r) => f.Report(r), Report, signed: false), StatusCodes.Status400BadRequest);

    [Fact]
    public async Task A_report_signed_by_an_unknown_secret_is_refused_with_problem_json()
    {
        var stranger = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        AssertProblem(await Post((f, r) => f.Report(r), Report, signed: true, secretText: stranger), StatusCodes.Status401Unauthorized);
    }

    [Fact]
    public async Task A_report_that_is_not_json_is_refused_with_problem_json()
        => AssertProblem(await Post((f, r) => f.Report(r), Report, signed: true, contentType: "text/plain"), StatusCodes.Status415UnsupportedMediaType);

    [Fact]
    public async Task A_flag_with_a_report_body_is_refused_with_problem_json()
    {
        var answer = await Post((f, r) => f.Flag(r), Report, signed: true);
        Assert.InRange(answer.Status, 400, 499);
        Assert.StartsWith("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task A_signed_report_is_accepted_and_leaves_a_row_for_the_relay()
    {
        var outbox = host.Services.GetRequiredService<WorkflowOutbox>();
        var before = await outbox.BacklogAsync(CancellationToken.None);

        var answer = await Post((f, r) => f.Report(r), Report, signed: true);

        Assert.Equal(StatusCodes.Status202Accepted, answer.Status);
        Assert.Equal(before + 1, await outbox.BacklogAsync(CancellationToken.None));
    }
}
