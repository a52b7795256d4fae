using System.Net.Http.Headers;
using System.Text;
using DurableTask.Core;
using EnforcementFlows.App.Security;
using EnforcementFlows.Enforcement.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>
/// The real service (its SQLite domain database, intake, policy, scorer, built-in account store, audit) with the
/// SDK workflow engine, over the in-memory DTFx service: the whole case flow, in process.
/// </summary>
public class TaskHubAppFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "admin-key-for-sdk-engine-tests-0123";
    public const string SourceSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ef-tests", "sdk-" + Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("EnforcementFlows:DataDirectory", DataDirectory);
        builder.UseSetting("EnforcementFlows:ApiKeys:0:Name", "test-admin");
        builder.UseSetting("EnforcementFlows:ApiKeys:0:Role", Roles.Admin);
        builder.UseSetting("EnforcementFlows:ApiKeys:0:KeySha256", ApiKeyOptions.Hash(AdminKey));
        builder.UseSetting("EnforcementFlows:Intake:Sources:test:Secrets:0", SourceSecret);
        builder.UseSetting("EnforcementFlows:Cases:CollectWindow", "00:00:01");
        builder.UseSetting("EnforcementFlows:Workflows:Engine", "TaskHub");
        builder.UseSetting("EnforcementFlows:Workflows:RelayIdleDelay", "00:00:00.050");
        UseTaskHub(builder);
    }

    /// <summary>The backend: DTFx's in-memory service here; a derived fixture uses a real one.</summary>
    protected virtual void UseTaskHub(IWebHostBuilder builder)
    {
        // Satisfies validation; the in-memory service below replaces the backend built from it.
        builder.UseSetting("EnforcementFlows:Workflows:TaskHub:ConnectionString", "UseDevelopmentStorage=true");
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IOrchestrationService>(_ => new InMemoryOrchestrationService(NullLoggerFactory.Instance)));
    }

    /// <summary>Whether the backend returns histories (DTFx's in-memory test service does not).</summary>
    public virtual bool ReadsHistory => false;

    public DurableTaskClient Durable => Services.GetRequiredService<DurableTaskClient>();

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    public async Task<HttpResponseMessage> PostSignedAsync(string path, string json)
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookHeaders.Id, id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookHeaders.Signature, WebhookSignature.Compute(WebhookSecret.Parse(SourceSecret), id, timestamp, body));
        using var client = CreateClient();
        return await client.SendAsync(request);
    }

    public static string Flag(string flagId, string accountId, double confidence, string category = "spam")
        => $$"""{"flagId":"{{flagId}}","detector":"spam-detector","accountId":"{{accountId}}","category":"{{category}}","confidence":{{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
