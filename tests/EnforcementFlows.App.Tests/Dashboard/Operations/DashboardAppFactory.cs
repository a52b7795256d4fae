using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

/// <summary>
/// The app with the dashboard trusting X-MS-CLIENT-PRINCIPAL (as behind App Service authentication), a role
/// claim per dashboard role, and a secret in every kind of setting that has one, so pages can be checked for leaks.
/// </summary>
public class DashboardAppFactory : AppFactory
{
    public const string SmtpPassword = "smtp-password-7f3a9c1e";
    public const string OutboundWebhookSecret = "whsec_c2VjcmV0LW91dGJvdW5kLXdlYmhvb2sta2V5LTEyMzQ=";
    public const string WebhookQueryToken = "query-token-5d2b8e4f";
    public const string BaseUrlPassword = "baseurl-password-91c7";

    /// <summary>Every configured secret value: none may appear on any page.</summary>
    public static readonly string[] SecretValues =
    [
        SmtpPassword, OutboundWebhookSecret, WebhookQueryToken, BaseUrlPassword, SourceSecret,
        Security.ApiKeyOptions.Hash(AnalystKey), Security.ApiKeyOptions.Hash(AdminKey), AnalystKey, AdminKey,
    ];

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("EnforcementFlows:Dashboard:TrustClientPrincipal", "true"),
        ("EnforcementFlows:Dashboard:RoleMappings:0:Value", "ef-analyst"),
        ("EnforcementFlows:Dashboard:RoleMappings:0:Role", "analyst"),
        ("EnforcementFlows:Dashboard:RoleMappings:1:Value", "ef-approver"),
        ("EnforcementFlows:Dashboard:RoleMappings:1:Role", "approver"),
        ("EnforcementFlows:Dashboard:RoleMappings:2:Value", "ef-admin"),
        ("EnforcementFlows:Dashboard:RoleMappings:2:Role", "admin"),
        ("EnforcementFlows:Email:SmtpHost", "smtp.example.test"),
        ("EnforcementFlows:Email:UserName", "mailer"),
        ("EnforcementFlows:Email:Password", SmtpPassword),
        ("EnforcementFlows:Enforcement:WebhookUrl", $"https://hooks.example.test/enforce?token={WebhookQueryToken}"),
        ("EnforcementFlows:Enforcement:WebhookSecret", OutboundWebhookSecret),
        ("EnforcementFlows:PublicBaseUrl", $"https://reviewer:{BaseUrlPassword}@review.example.test/"),
    ];

    /// <summary>A client signed in as <paramref name="name"/> with the claim for <paramref name="role"/>.</summary>
    public HttpClient ClientAs(string name, string role)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var principal = JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "preferred_username",
            claims = new[] { new { typ = "preferred_username", val = name }, new { typ = "roles", val = "ef-" + role } },
        });
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)));
        return client;
    }
}
