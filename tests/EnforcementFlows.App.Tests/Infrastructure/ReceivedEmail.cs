namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>One email as MailDev parsed it; <see cref="ContentType"/> is the top-level header (multipart/alternative; boundary=...).</summary>
public sealed record ReceivedEmail(string Id, string Subject, IReadOnlyList<string> To, string Text, string Html, string ContentType);
