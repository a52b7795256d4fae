namespace EnforcementFlows.App.Email;

/// <summary>
/// Configuration section "EnforcementFlows:Email": where approval emails go. With no
/// <see cref="SmtpHost"/> they are written as .eml files to <see cref="PickupDirectory"/>
/// (default {DataDirectory}/outbox), so a fresh install works without a mail server.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "EnforcementFlows:Email";

    /// <summary>The sender address ("address" or "Display Name &lt;address&gt;").</summary>
    public string From { get; set; } = "enforcementflows@localhost";

    /// <summary>The SMTP relay; unset → the pickup directory.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    /// <summary>SMTP credentials: both or neither.</summary>
    public string? UserName { get; set; }

    /// <summary>Never logged or shown.</summary>
    public string? Password { get; set; }

    /// <summary>STARTTLS on the SMTP connection.</summary>
    public bool EnableSsl { get; set; }

    /// <summary>How long one send may take before it fails (and the caller retries).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Absolute after start: relative paths are resolved against the working directory.</summary>
    public string? PickupDirectory { get; set; }

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);
}
