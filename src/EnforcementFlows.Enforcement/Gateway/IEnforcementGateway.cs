using EnforcementFlows.Enforcement.Actions;

namespace EnforcementFlows.Enforcement.Gateway;

/// <summary>Where enforcement actions take effect on the platform.</summary>
public interface IEnforcementGateway
{
    /// <summary>"webhook" or "built-in"; recorded as the actor of the audit record.</summary>
    string Name { get; }

    /// <summary>
    /// False when delivering has no effect outside this service's database (the built-in account table):
    /// then an action is recorded without a call, in the same transaction as the decision that takes it.
    /// </summary>
    bool CallsOut => true;

    /// <summary>
    /// Delivers the action. Must be safe to call again with the same idempotency key (the receiver
    /// deduplicates on it); throws when the platform did not confirm, so the caller retries durably.
    /// </summary>
    Task DeliverAsync(EnforcementWebhookPayload payload, CancellationToken cancellation);
}

/// <summary>No platform to call: the service's own account table is the record of restrictions.</summary>
public sealed class BuiltInAccountGateway : IEnforcementGateway
{
    public string Name => "built-in";

    public bool CallsOut => false;

    public Task DeliverAsync(EnforcementWebhookPayload payload, CancellationToken cancellation) => Task.CompletedTask;
}
