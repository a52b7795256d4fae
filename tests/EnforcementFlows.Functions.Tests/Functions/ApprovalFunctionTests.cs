using System.Text.RegularExpressions;
using EnforcementFlows.Enforcement.Workflows;
using EnforcementFlows.Functions.Api;
using EnforcementFlows.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>
/// The approval page triggers over the app's services on a real SQLite domain: GET shows and changes nothing, POST
/// needs the page's anti-forgery token and decides once, through the workflow outbox.
/// </summary>
public sealed partial class ApprovalFunctionTests(ApiHostFixture host) : IClassFixture<ApiHostFixture>
{
    private ApprovalFunctions Functions(HttpCall call) => ActivatorUtilities.CreateInstance<ApprovalFunctions>(call.Request.HttpContext.RequestServices);

    private Task<HttpAnswer> Get(string token)
    {
        var call = new HttpCall(host.Services, "GET", "/approvals/" + token);
        return call.Send(r => Functions(call).ShowPage(r, token));
    }

    private Task<HttpAnswer> Post(string token, string? cookie, IReadOnlyDictionary<string, string> form)
    {
        var call = new HttpCall(host.Services, "POST", "/approvals/" + token).Form(form);
        if (cookie is not null)
        {
            call.Header("Cookie", cookie);
        }
        return call.Send(r => Functions(call).DecideOnce(r, token));
    }

    private Task<long> Backlog() => host.Services.GetRequiredService<WorkflowOutbox>().BacklogAsync(CancellationToken.None);

    [Fact]
    public async Task Get_shows_the_confirmation_page_and_changes_nothing()
    {
        var token = await host.SeedAwaitingCaseAsync("case-show");
        var before = await Backlog();

        var page = await Get(token);

        Assert.Equal(StatusCodes.Status200OK, page.Status);
        Assert.StartsWith("text/html", page.ContentType);
        Assert.Contains("Decide on case case-show", page.Body);
        Assert.Contains("no-store", page.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"].ToString());
        Assert.Null(await host.DecisionOfAsync("case-show"));
        Assert.Equal(before, await Backlog());
    }

    [Fact]
    public async Task Post_without_the_page_s_anti_forgery_token_records_nothing()
    {
        var token = await host.SeedAwaitingCaseAsync("case-forged");

        var answer = await Post(token, cookie: null, new Dictionary<string, string> { ["decision"] = "approve" });

        Assert.Equal(StatusCodes.Status400BadRequest, answer.Status);
        Assert.Contains("This form has expired", answer.Body);
        Assert.Null(await host.DecisionOfAsync("case-forged"));
    }

    [Fact]
    public async Task Post_with_the_page_s_token_decides_once_and_a_second_post_is_refused()
    {
        var token = await host.SeedAwaitingCaseAsync("case-once");
        var page = await Get(token);
        var cookie = page.Headers.SetCookie.ToString().Split(';')[0];
        var field = HiddenField().Match(page.Body);
        Assert.True(field.Success, "the page has no anti-forgery field");
        var form = new Dictionary<string, string> { [field.Groups[1].Value] = System.Net.WebUtility.HtmlDecode(field.Groups[2].Value), ["decision"] = "approve" };
        var before = await Backlog();

        var decided = await Post(token, cookie, form);

        Assert.Equal(StatusCodes.Status200OK, decided.Status);
        Assert.Contains("Decision recorded", decided.Body);
        Assert.Equal("approve", await host.DecisionOfAsync("case-once"));
        Assert.Equal(before + 1, await Backlog()); // the decision event, for the relay to deliver to the case

        var again = await Post(token, cookie, form);
        Assert.Equal(StatusCodes.Status409Conflict, again.Status);
        Assert.Equal(before + 1, await Backlog());
    }

    [Fact]
    public async Task An_unknown_link_is_a_404_page()
    {
        var answer = await Get("no-such-token");
        Assert.Equal(StatusCodes.Status404NotFound, answer.Status);
        Assert.Contains("Unknown link", answer.Body);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex HiddenField();
}
