using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EnforcementFlows.Enforcement.Audit;

/// <summary>
/// Links records into the chain: <c>Hash = SHA-256(ASCII(PreviousHash) || Canonical(record without Hash))</c>,
/// lowercase hex. Every store implementation appends through <see cref="Link"/> so they all hash alike.
/// </summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Builds the record that follows <paramref name="head"/>. Throws if the entry cannot be encoded (data not an object, duplicate keys).</summary>
    public static AuditRecord Link(AuditEntry entry, AuditHead head)
    {
        if (entry.Data.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("audit data must be a JSON object", nameof(entry));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor);

        var unhashed = new AuditRecord(
            head.Count,
            AuditCanonicalEncoding.Normalize(entry.Timestamp),
            entry.CaseId,
            entry.AccountId,
            entry.Kind,
            entry.Actor,
            entry.Data.Clone(),
            head.Hash,
            Hash: string.Empty);
        return unhashed with { Hash = ComputeHash(unhashed) };
    }

    /// <summary>The hash <paramref name="record"/> should carry, ignoring the one it does carry.</summary>
    public static string ComputeHash(AuditRecord record)
    {
        var canonical = AuditCanonicalEncoding.Encode(record);
        var previous = Encoding.ASCII.GetBytes(record.PreviousHash);
        var material = new byte[previous.Length + canonical.Length];
        previous.CopyTo(material, 0);
        canonical.CopyTo(material, previous.Length);
        return Convert.ToHexStringLower(SHA256.HashData(material));
    }
}
