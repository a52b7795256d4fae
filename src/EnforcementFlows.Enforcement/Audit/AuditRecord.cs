using System.Text.Json;

namespace EnforcementFlows.Enforcement.Audit;

/// <summary>What a caller asks to append; the store assigns index, previous hash and hash.</summary>
/// <param name="Actor">Who or what acted: a user id, an approver's email, or a component such as <c>policy-engine</c>.</param>
/// <param name="Data">A JSON object with the inputs, policy hash, model version and reason behind the event.</param>
public sealed record AuditEntry(DateTimeOffset Timestamp, AuditKind Kind, string Actor, JsonElement Data, string? CaseId = null, string? AccountId = null);

/// <summary>One link of the tamper-evident audit chain. <see cref="Hash"/> covers every other field, including <see cref="PreviousHash"/>.</summary>
public sealed record AuditRecord(
    long Index,
    DateTimeOffset Timestamp,
    string? CaseId,
    string? AccountId,
    AuditKind Kind,
    string Actor,
    JsonElement Data,
    string PreviousHash,
    string Hash);

/// <summary>The end of a chain: how many records it has and the hash of the last (the genesis hash when empty).</summary>
public sealed record AuditHead(long Count, string Hash)
{
    public static AuditHead Empty { get; } = new(0, AuditChain.GenesisHash);
}
