using System.Collections.Concurrent;
using System.Net;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnforcementFlows.App.Tests.Dashboard;

/// <summary>The dashboard factory with approval emails captured in memory (their links carry the tokens).</summary>
public class FourEyesFactory : DashboardFactory
{
    public ConcurrentQueue<ApprovalEmail> Emails { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IApprovalNotifier>();
        services.AddSingleton<IApprovalNotifier>(new Recorder(Emails));
    }

    private sealed class Recorder(ConcurrentQueue<ApprovalEmail> sink) : IApprovalNotifier
    {
        public Task SendAsync(ApprovalEmail email, CancellationToken cancellation)
        {
            sink.Enqueue(email);
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// When an action needs two approvers and a human proposed it, the proposer is not one of them:
/// their dashboard decision and their email link are both refused; two other people decide.
/// </summary>
public sealed class PostgresFourEyesFactory : FourEyesFactory
{
    protected override bool OnPostgres => true;
}

public sealed class FourEyesTests(FourEyesFactory app) : FourEyesTests<FourEyesFactory>(app);

/// <summary>The same tests with the service on PostgreSQL.</summary>
public sealed class PostgresFourEyesTests(PostgresFourEyesFactory app) : FourEyesTests<PostgresFourEyesFactory>(app);

public abstract class FourEyesTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : FourEyesFactory
{
    private const string Reviewer1 = "tns-reviewer-1@example.org";
    private const string Reviewer2 = "tns-reviewer-2@example.org";

    [Fact]
    public async Task The_proposer_of_a_two_approver_action_cannot_approve_it_by_dashboard_or_email_link()
    {
        var caseId = await app.AwaitingCaseAsync("acct-4e-ban", 1.0, "f-4e-ban");
        using var proposer = app.As(Reviewer1, "EF.Approver");
        Assert.Equal(HttpStatusCode.Redirect, (await proposer.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/propose",
            ("reason", "repeat offender, same links as last month"))).StatusCode);
        Assert.Contains("Proposed by", await (await proposer.GetAsync($"/dashboard/cases/{caseId}")).Content.ReadAsStringAsync());

        var refused = await proposer.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/decision", ("decision", "approve"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("You proposed this action", await refused.Content.ReadAsStringAsync());

        var links = await LinksAsync("acct-4e-ban");
        using var mail = app.CreateClient();
        var ownLink = links[Reviewer1].PathAndQuery;
        Assert.Equal(HttpStatusCode.Forbidden, (await mail.GetAsync(ownLink)).StatusCode);
        // A valid anti-forgery token (from the other approver's page in the same browser) does not help the proposer.
        var otherPage = await mail.GetStringAsync(links[Reviewer2].PathAndQuery);
        var viaLink = await mail.PostAsync(links[Reviewer1].AbsolutePath, ApprovalForm.Submit(otherPage, "approve"));
        Assert.Equal(HttpStatusCode.Forbidden, viaLink.StatusCode);
        await app.CaseInStatusAsync("acct-4e-ban", "awaiting_approval");

        // Two other people approve: one by email link, one on the dashboard.
        var approved = await mail.PostAsync(links[Reviewer2].AbsolutePath, ApprovalForm.Submit(otherPage, "approve"));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        using var lead = app.As("tns-lead@example.org", "EF.Approver");
        Assert.Equal(HttpStatusCode.Redirect, (await lead.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/decision",
            ("decision", "approve"))).StatusCode);
        await app.CaseInStatusAsync("acct-4e-ban", "enforced");
    }

    [Fact]
    public async Task With_one_approver_the_proposer_may_approve()
    {
        var caseId = await app.AwaitingCaseAsync("acct-4e-one", 0.9, "f-4e-one");
        using var proposer = app.As("solo@example.org", "EF.Approver");
        Assert.Equal(HttpStatusCode.Redirect, (await proposer.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/propose",
            ("reason", "clear spam"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await proposer.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/decision",
            ("decision", "approve"))).StatusCode);
        await app.CaseInStatusAsync("acct-4e-one", "enforced");
    }

    private async Task<Dictionary<string, Uri>> LinksAsync(string account)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var found = app.Emails.Where(e => e.AccountId == account).ToList();
            if (found.Count >= 2)
            {
                return found.ToDictionary(e => e.To, e => e.ApproveUrl);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no approval emails for {account}");
    }
}
