using System.Reflection;

namespace EnforcementFlows.App.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, embedded in the assembly (so the Functions custom handler
/// and a single-file publish carry them) and served from /dashboard/assets/{name}.
/// </summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, (string ContentType, byte[] Bytes)> Files = Load();

    public static RouteGroupBuilder MapDashboardAssets(this RouteGroupBuilder group)
    {
        group.MapGet("/assets/{name}", (string name) => Files.TryGetValue(name, out var file)
                ? Results.Bytes(file.Bytes, file.ContentType)
                : Results.NotFound())
            .AllowAnonymous();
        return group;
    }

    private static Dictionary<string, (string, byte[])> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        return new Dictionary<string, (string, byte[])>(StringComparer.Ordinal)
        {
            ["dashboard.css"] = ("text/css; charset=utf-8", Read(assembly, "dashboard.css")),
            ["dashboard.js"] = ("text/javascript; charset=utf-8", Read(assembly, "dashboard.js")),
        };
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream("dashboard-assets/" + name)
            ?? throw new InvalidOperationException($"The embedded dashboard asset '{name}' is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
