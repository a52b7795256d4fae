using System.Net;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

public sealed class TightRateLimit : AppFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("EnforcementFlows:Intake:RatePerSecond", "1"), ("EnforcementFlows:Intake:RateBurst", "2")];
}

public sealed class RateLimitTests(TightRateLimit app) : IClassFixture<TightRateLimit>
{
    [Fact]
    public async Task A_source_over_its_rate_gets_429_with_Retry_After_and_nothing_is_stored()
    {
        using var client = app.ClientWithKey(null);
        var responses = new List<(int Index, HttpResponseMessage Response)>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add((i, await client.SendAsync(WebhookSender.Signed("/api/reports", WebhookSender.Report($"r-rate-{i}", "acct-rate")))));
        }
        Assert.Equal(HttpStatusCode.Accepted, responses[0].Response.StatusCode);
        var limited = responses.Where(r => r.Response.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);

        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        foreach (var (index, response) in limited)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/reports/r-rate-{index}")).StatusCode);
        }
    }
}
