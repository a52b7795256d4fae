namespace EnforcementFlows.App.Hosting;

/// <summary>
/// Framework categories whose Debug and Trace lines carry raw request paths, and with them approval
/// tokens: they log at no finer level than a floor, whatever the configuration says.
/// </summary>
internal static class LoggingCaps
{
    public static void Apply(WebApplicationBuilder builder)
    {
        Floor(builder, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        Floor(builder, "Microsoft.AspNetCore.HttpLogging", LogLevel.Warning);
        Floor(builder, "Microsoft.AspNetCore.Routing", LogLevel.Information);
        Floor(builder, "Microsoft.AspNetCore.Server.Kestrel", LogLevel.Information);
    }

    /// <summary>
    /// A rule for the category at the configured level, but never finer than <paramref name="floor"/>.
    /// The rule is the most specific one for its category, so it must carry a stricter configured level
    /// itself: a bare floor of Information would switch on the per-request lines that
    /// "Microsoft.AspNetCore": "Warning" (appsettings.json) turns off.
    /// </summary>
    private static void Floor(WebApplicationBuilder builder, string category, LogLevel floor)
    {
        var configured = ConfiguredLevel(builder.Configuration, category);
        builder.Logging.AddFilter(category, configured > floor ? configured : floor);
    }

    /// <summary>The level "Logging:LogLevel" gives the category: its own entry, its nearest parent's, or Default (Information).</summary>
    internal static LogLevel ConfiguredLevel(IConfiguration configuration, string category)
    {
        for (var name = category; name.Length > 0; name = name.Contains('.') ? name[..name.LastIndexOf('.')] : "")
        {
            if (Enum.TryParse<LogLevel>(configuration[$"Logging:LogLevel:{name}"], ignoreCase: true, out var level))
            {
                return level;
            }
        }
        return Enum.TryParse<LogLevel>(configuration["Logging:LogLevel:Default"], ignoreCase: true, out var fallback) ? fallback : LogLevel.Information;
    }
}
