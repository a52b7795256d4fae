using System.Net;
using Microsoft.AspNetCore.Hosting;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.Dashboard;

/// <summary>The dashboard factory in the Production environment with the development sign-in option off.</summary>
public sealed class ProductionAccessFactory : DashboardFactory
{
    protected override bool DevelopmentSignIn => false;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Outside Development, without the explicit option: no development sign-in; App Service's header or nothing.</summary>
public sealed class DashboardWithoutDevelopmentSignInTests(ProductionAccessFactory app) : IClassFixture<ProductionAccessFactory>
{
    [Fact]
    public async Task Anonymous_is_401_and_the_sign_in_page_does_not_exist()
    {
        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/queue")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/dashboard/sign-in")).StatusCode);
    }

    [Fact]
    public async Task A_development_sign_in_POST_signs_nobody_in()
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.PostWithoutTokenAsync("/dashboard/sign-in", ("name", "mallory"), ("role", "admin"));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"got {response.StatusCode}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/queue")).StatusCode);
    }

    [Fact]
    public async Task The_client_principal_signs_in_and_no_banner_is_shown()
    {
        using var analyst = app.As("analyst@example.org", "EF.Analyst");
        var response = await analyst.GetAsync("/dashboard/queue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("analyst@example.org", page);
        Assert.DoesNotContain("Development sign-in is on", page);
    }
}
