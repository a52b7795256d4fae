using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The app with the dashboard test policy, the App Service client principal trusted (app roles
/// "EF.Analyst", "EF.Approver", "EF.Admin" map to the dashboard roles) and the development sign-in on.
/// </summary>
public class DashboardFactory : AppFactory
{
    private readonly string _policy;

    public DashboardFactory()
    {
        _policy = DashboardPolicy.Write(DataDirectory);
    }

    protected virtual bool DevelopmentSignIn => true;

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("EnforcementFlows:Policy:File", _policy),
        ("EnforcementFlows:Dashboard:EnableDevelopmentSignIn", DevelopmentSignIn ? "true" : "false"),
        ("EnforcementFlows:Dashboard:TrustClientPrincipal", "true"),
        ("EnforcementFlows:Dashboard:RoleMappings:0:Value", "EF.Analyst"),
        ("EnforcementFlows:Dashboard:RoleMappings:0:Role", "analyst"),
        ("EnforcementFlows:Dashboard:RoleMappings:1:Value", "EF.Approver"),
        ("EnforcementFlows:Dashboard:RoleMappings:1:Role", "approver"),
        ("EnforcementFlows:Dashboard:RoleMappings:2:ClaimType", "groups"),
        ("EnforcementFlows:Dashboard:RoleMappings:2:Value", "0000-admins"),
        ("EnforcementFlows:Dashboard:RoleMappings:2:Role", "admin"),
    ];

    /// <summary>A browser-like client (cookies, no redirects followed) signed in through the client principal header.</summary>
    public DashboardSession As(string name, params string[] appRoles)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", DashboardSession.Principal(name, appRoles));
        return new DashboardSession(client);
    }

    public DashboardSession Anonymous()
        => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Sends a signed detector flag and waits until its case awaits a decision; returns the case id.</summary>
    public async Task<string> AwaitingCaseAsync(string account, double confidence, string flagId)
    {
        using (var intake = ClientWithKey(null))
        {
            var sent = await intake.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag(flagId, account, confidence)));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        return await CaseInStatusAsync(account, "awaiting_approval");
    }

    public async Task<string> CaseInStatusAsync(string account, string status, int seconds = 30)
    {
        using var analyst = ClientWithKey(AnalystKey);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var cases = await analyst.GetFromJsonAsync<JsonElement>($"/api/cases?accountId={account}");
            if (cases.GetArrayLength() > 0)
            {
                last = cases[0].GetProperty("status").GetString();
                if (last == status)
                {
                    return cases[0].GetProperty("caseId").GetString()!;
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the case of {account} did not reach '{status}' (last seen: {last ?? "no case"})");
    }
}

/// <summary><see cref="DashboardFactory"/> on a PostgreSQL database of its own.</summary>
public sealed class PostgresDashboardFactory : DashboardFactory
{
    protected override bool OnPostgres => true;
}
