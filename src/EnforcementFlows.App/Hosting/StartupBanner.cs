using EnforcementFlows.App.Security;

namespace EnforcementFlows.App.Hosting;

/// <summary>The banner's credential lines: where the first-run key is, and the key itself only to a person at a terminal.</summary>
internal static class StartupBanner
{
    public static void PrintCredentials(FirstRunSecrets secrets, bool outputRedirected)
    {
        if (secrets.NewAdminKey is { } key)
        {
            Console.WriteLine($"  first run: an admin API key and the demo source's webhook secret are in {secrets.CredentialsPath} (readable by you only)");
            // Redirected output (a service manager, CI, the Functions host) ends up in log stores: the file is enough there.
            if (!outputRedirected)
            {
                Console.WriteLine($"  first run: admin API key: {key}");
                Console.WriteLine($"  first run: demo intake source secret: {secrets.DemoIntakeSecret}");
            }
        }
        else if (File.Exists(secrets.CredentialsPath))
        {
            Console.WriteLine($"  first-run admin API key: in {secrets.CredentialsPath} (delete the file once the key is kept elsewhere)");
        }
        else
        {
            Console.WriteLine("  API keys: make one with `admin key create --role admin`, list them with `admin key list`");
        }
    }
}
