using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Email;

public static class ApprovalEmailServices
{
    /// <summary>
    /// Email options (section "EnforcementFlows:Email", validated at start) and the
    /// <see cref="IApprovalNotifier"/> that sends approval emails. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddApprovalEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<EmailOptions>, EmailOptionsDefaults>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.TryAddSingleton<IApprovalNotifier, SmtpApprovalNotifier>();
        return services;
    }
}
