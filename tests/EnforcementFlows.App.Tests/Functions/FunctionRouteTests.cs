using System.Text.RegularExpressions;
using EnforcementFlows.App.Functions;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests.Functions;

/// <summary>Every HTTP function forwards to a route the app really serves (compared with the app's own endpoint table).</summary>
public sealed partial class FunctionRouteTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void Every_http_function_route_maps_to_an_app_endpoint_with_one_of_its_methods()
    {
        using var client = app.CreateClient(); // starts the host, so the endpoint table is built
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: Normalize(e.RoutePattern.RawText ?? ""),
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Select(m => m.ToLowerInvariant()).ToList() ?? []))
            .ToList();

        foreach (var function in FunctionTable.Create(FunctionTable.DefaultSweepSchedule).Where(f => f.Trigger == FunctionTrigger.Http))
        {
            var route = Normalize(function.Route!);
            var matches = route.EndsWith("/{*}", StringComparison.Ordinal)
                ? endpoints.Where(e => e.Pattern.StartsWith(route[..^3], StringComparison.OrdinalIgnoreCase)).ToList()
                : endpoints.Where(e => string.Equals(e.Pattern, route, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(matches.Count > 0, $"{function.Name}: no app endpoint for route '{function.Route}'.");
            Assert.True(matches.Any(e => e.Methods.Count == 0 || e.Methods.Intersect(function.Methods).Any()),
                $"{function.Name}: the app serves '{function.Route}' but not for {string.Join(", ", function.Methods)}.");
        }
    }

    [Fact]
    public void Every_app_endpoint_is_reachable_through_some_http_function()
    {
        using var client = app.CreateClient();
        var functions = FunctionTable.Create(FunctionTable.DefaultSweepSchedule).Where(f => f.Trigger == FunctionTrigger.Http)
            .Select(f => Normalize(f.Route!)).ToList();
        var patterns = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => Normalize(e.RoutePattern.RawText ?? "")).Distinct();
        foreach (var pattern in patterns)
        {
            Assert.True(functions.Any(f => f == pattern || (f.EndsWith("/{*}", StringComparison.Ordinal) && pattern.StartsWith(f[..^3], StringComparison.Ordinal))),
                $"The app serves '{pattern}' but no function forwards it.");
        }
    }

    /// <summary>Leading slash off, parameter names dropped ({id} → {}, {*rest} → {*}), so only the shape is compared.</summary>
    private static string Normalize(string template)
        => Parameter().Replace(template.Trim('/'), m => m.Groups[1].Value == "*" ? "{*}" : "{}");

    [GeneratedRegex(@"\{(\*?)[^}]*\}")]
    private static partial Regex Parameter();
}
