using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Email;

/// <summary>Fails start with every problem in the email section, each naming its key.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions o)
    {
        const string s = EmailOptions.Section;
        var errors = new List<string>();
        if (!MailAddress.TryCreate(o.From, out _))
        {
            errors.Add($"{s}:From must be an email address (got '{o.From}').");
        }
        if (o.UsesSmtp && !string.IsNullOrWhiteSpace(o.PickupDirectory))
        {
            // Silently preferring one would hide a configuration mistake: mail would go where nobody looks.
            errors.Add($"{s}:SmtpHost and {s}:PickupDirectory are both set; set one (SMTP delivery or .eml files).");
        }
        if (o.SmtpPort is < 1 or > 65535)
        {
            errors.Add($"{s}:SmtpPort must be between 1 and 65535 (got {o.SmtpPort}).");
        }
        if (o.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Timeout must be positive (got {o.Timeout}).");
        }
        if (string.IsNullOrEmpty(o.UserName) != string.IsNullOrEmpty(o.Password))
        {
            errors.Add($"{s}:UserName and {s}:Password must be set together.");
        }
        if (!o.UsesSmtp && (o.EnableSsl || !string.IsNullOrEmpty(o.UserName)))
        {
            errors.Add($"{s}:EnableSsl, UserName and Password need {s}:SmtpHost.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
