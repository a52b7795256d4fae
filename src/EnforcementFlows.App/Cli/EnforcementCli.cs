using Microsoft.Extensions.Options;
using System.CommandLine;
using EnforcementFlows.App.Hosting;

namespace EnforcementFlows.App.Cli;

/// <summary>Command line: serve (default), audit verify|head, webhook send, cases, admin key, demo.</summary>
public static class EnforcementCli
{
    private static readonly string[] Verbs = ["audit", "webhook", "cases", "functions", "admin", "demo", "help", "--help", "-h", "-?", "--version"];

    public static async Task<int> RunAsync(string[] args)
    {
        // Anything that is not an operator verb goes to the web host, so ASP.NET options (--urls, ...) keep working.
        if (args.Length == 0 || !Verbs.Contains(args[0]))
        {
            return await ServeAsync(args.Length > 0 && args[0] == "serve" ? args[1..] : args);
        }
        var root = new RootCommand("EnforcementFlows: trust & safety enforcement workflows. Run without a command (or with 'serve') to start the service.");
        root.Subcommands.Add(new Command("serve", "Run the service (the default)."));
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(WebhookCommands.Create());
        root.Subcommands.Add(CaseCommands.Create());
        root.Subcommands.Add(AdminCommands.Create());
        var count = new Option<int?>("--count") { Description = "Send this many signals, then print the tally and stop (default: until Ctrl+C)." };
        var demo = new Command("demo", "Run the service with development sign-in (Development environment unless one is set; never in Production) and feed it a realistic stream of signed sample signals (every path: automatic, dismissed, approval, sweep); ends with a tally.") { count };
        demo.SetAction((result, _) => result.GetValue(count) is <= 0
            ? throw new ArgumentException("--count must be at least 1.")
            : ServeAsync([], demo: new DemoSettings(result.GetValue(count))));
        root.Subcommands.Add(demo);
        try
        {
            // Operator commands report failures as one line, never a stack trace.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (AuditArchive.Blob.ArchiveStorageException ex)
        {
            // Built from the status and error code only: says what to check, never the connection string or SAS.
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (Azure.RequestFailedException ex)
        {
            // Its message carries the response body and headers over many lines: status and code are what an operator needs.
            await Console.Error.WriteLineAsync($"error: blob storage answered {(ex.Status == 0 ? "nothing (unreachable)" : ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}{(ex.ErrorCode is { } code ? " " + code : "")}");
            return 2;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or FormatException or InvalidOperationException or ArgumentException or System.Text.Json.JsonException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }

    public static async Task<int> ServeAsync(string[] args, DemoSettings? demo = null)
    {
        var builder = demo is null ? WebApplication.CreateBuilder(args) : DemoBuilder(args);
        if (demo is not null)
        {
            builder.Services.AddSingleton(demo);
            // Livelier than production defaults, so cases visibly move within a minute.
            builder.Configuration["EnforcementFlows:Cases:CollectWindow"] ??= "00:00:05";
            builder.Configuration["EnforcementFlows:Sweeps:Interval"] ??= "00:00:15";
            builder.Services.AddHostedService<DemoFeeder>();
        }
        WebApplication app;
        try
        {
            builder.AddEnforcementServices();
            app = builder.Build();
            // Every ValidateOnStart option now, before the host starts: a bad setting is one line naming the key here,
            // where the host would log it as "Hosting failed to start" with a stack trace.
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.UseEnforcementPipeline();
            app.PrintStartupBanner();
            await app.StartAsync();
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException
            || (ex is AggregateException all && all.InnerExceptions.All(e => e is OptionsValidationException)))
        {
            // Settings that cannot work stop the service with one line per problem naming the key, not a stack trace.
            foreach (var problem in ex is AggregateException many ? many.InnerExceptions : [ex])
            {
                await Console.Error.WriteLineAsync($"error: {problem.Message}");
            }
            return 2;
        }
        try
        {
            await app.WaitForShutdownAsync();
        }
        finally
        {
            // As RunAsync would: the store closes its writer and database cleanly.
            await app.DisposeAsync();
        }
        return 0;
    }

    /// <summary>
    /// The demo runs in the Development environment, which turns on the dashboard's development sign-in, unless an
    /// environment is set; in a Production environment the development sign-in stays off whatever the settings say.
    /// </summary>
    private static WebApplicationBuilder DemoBuilder(string[] args)
    {
        var chosen = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = chosen is null ? Environments.Development : null });
        if (builder.Environment.IsProduction())
        {
            builder.Configuration[$"{Dashboard.DashboardOptions.Section}:EnableDevelopmentSignIn"] = "false";
        }
        return builder;
    }

    /// <summary>The service's container without starting it: for commands that read its database and configuration.</summary>
    /// <summary>The service's configuration and storage (SQLite or PostgreSQL, as configured) without its HTTP server or worker.</summary>
    internal static WebApplication BuildForCommand(string? dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = WebApplication.CreateBuilder([]);
        if (dataDirectory is not null)
        {
            builder.Configuration["EnforcementFlows:DataDirectory"] = dataDirectory;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Configuration[key] = value;
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddEnforcementServices();
        return builder.Build();
    }

    /// <summary>The service's configuration (appsettings.json in the working directory, environment), as the service would read it.</summary>
    internal static IConfiguration Configuration() => WebApplication.CreateBuilder([]).Configuration;

    /// <summary>The data directory the service uses: the option, else EnforcementFlows:DataDirectory, else "data"; absolute.</summary>
    internal static string ResolveDataDirectory(string? option)
        => Path.GetFullPath(option ?? Configuration()["EnforcementFlows:DataDirectory"] ?? "data");

    internal static Option<string?> DataDirectoryOption() => new("--data-directory")
    {
        Description = "The service's data directory (default: configuration EnforcementFlows:DataDirectory).",
    };
}
