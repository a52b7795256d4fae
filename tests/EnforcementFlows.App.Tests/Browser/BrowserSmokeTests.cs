using System.Net;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EnforcementFlows.App.Tests.Browser;

/// <summary>Proves the browser setup works on this machine: Playwright, Debian Chromium, a real local server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSmokeTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_form_is_filled_in_submitted_and_its_result_shown()
    {
        await using var site = await LocalWebApp.StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Smoke form</title></head>
                <body><form method="post" action="/greet">
                <label>Name <input name="name"></label>
                <button type="submit">Send</button>
                </form></body></html>
                """, "text/html"));
            app.MapPost("/greet", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                return Results.Content($"<!DOCTYPE html><html><body><p id=\"result\">Hello, {WebUtility.HtmlEncode(form["name"])}!</p></body></html>", "text/html");
            }).DisableAntiforgery();
        });

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.Url + "/");
        await page.GetByLabel("Name").FillAsync("Ada <Lovelace>");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        Assert.Equal("Hello, Ada <Lovelace>!", await page.Locator("#result").TextContentAsync());
        var screenshot = await BrowserFixture.SaveScreenshotAsync(page, "browser-smoke-form-result");
        Assert.True(new FileInfo(screenshot).Length > 0);
    }
}
