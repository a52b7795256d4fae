using System.Net;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

public sealed class SignInRequired : ApprovalFactory
{
    protected override IEnumerable<(string Key, string Value)> ExtraSettings => [("EnforcementFlows:Approvals:RequireSignIn", "true")];
}

/// <summary>With sign-in required, a link only works for the identity it was issued to (App Service authentication header).</summary>
public sealed class ApprovalSignInTests(SignInRequired app) : IClassFixture<SignInRequired>
{
    [Fact]
    public async Task A_link_works_only_for_its_signed_in_approver()
    {
        using var client = app.ClientWithKey(null);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-si", "acct-si", 1.0)))).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (app.Emails.Count(e => e.AccountId == "acct-si") < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var email = app.Emails.First(e => e.AccountId == "acct-si");
        var path = email.ApproveUrl.PathAndQuery;

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);
        using var someoneElse = new HttpRequestMessage(HttpMethod.Get, path);
        someoneElse.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "intruder@example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(someoneElse)).StatusCode);
        using var owner = new HttpRequestMessage(HttpMethod.Get, path);
        owner.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", email.To.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(owner)).StatusCode);

        // The full principal header, as App Service authentication sends it (base64 JSON with claims).
        string Principal(string name) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"auth_typ":"aad","name_typ":"preferred_username","role_typ":"roles","claims":[{"typ":"preferred_username","val":"{{name}}"},{"typ":"name","val":"Someone"}]}"""));
        using var encodedOwner = new HttpRequestMessage(HttpMethod.Get, path);
        encodedOwner.Headers.Add("X-MS-CLIENT-PRINCIPAL", Principal(email.To));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(encodedOwner)).StatusCode);
        using var encodedOther = new HttpRequestMessage(HttpMethod.Get, path);
        encodedOther.Headers.Add("X-MS-CLIENT-PRINCIPAL", Principal("intruder@example.org"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(encodedOther)).StatusCode);
    }
}
