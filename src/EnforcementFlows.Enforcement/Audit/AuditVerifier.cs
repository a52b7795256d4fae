namespace EnforcementFlows.Enforcement.Audit;

/// <summary>Result of checking a chain; <see cref="FirstBadIndex"/> is the chain index where it stops being trustworthy.</summary>
public sealed record AuditVerification(bool Ok, long? FirstBadIndex, string Reason)
{
    internal static AuditVerification Valid(long count) => new(true, null, $"{count} records verified");

    internal static AuditVerification Bad(long index, string reason) => new(false, index, reason);
}

/// <summary>
/// Recomputes the chain. Catches altered records (hash mismatch), removed, inserted or re-ordered records
/// (index or previous-hash mismatch) and, given a head exported earlier, a truncated or rewritten tail.
/// </summary>
public static class AuditVerifier
{
    /// <summary>Verifies a whole chain from the genesis record.</summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records) => VerifyFrom(records, AuditHead.Empty);

    /// <summary>Verifies a segment that continues from <paramref name="start"/> (e.g. the next page after a verified one).</summary>
    public static AuditVerification VerifyFrom(IEnumerable<AuditRecord> records, AuditHead start)
    {
        var expectedIndex = start.Count;
        var previousHash = start.Hash;
        foreach (var record in records)
        {
            var problem = Check(record, expectedIndex, previousHash);
            if (problem is not null)
            {
                return AuditVerification.Bad(expectedIndex, problem);
            }

            previousHash = record.Hash;
            expectedIndex++;
        }

        return AuditVerification.Valid(expectedIndex - start.Count);
    }

    /// <summary>
    /// Verifies the chain and that it still contains the head exported earlier: at least that many records,
    /// with the exported hash at that position. Records appended after the export are fine.
    /// </summary>
    public static AuditVerification VerifyAgainstHead(IReadOnlyList<AuditRecord> records, AuditHead exportedHead)
    {
        var chain = Verify(records);
        if (!chain.Ok)
        {
            return chain;
        }

        if (records.Count < exportedHead.Count)
        {
            return AuditVerification.Bad(records.Count, $"tail truncated: exported head has {exportedHead.Count} records, only {records.Count} remain");
        }

        if (exportedHead.Count > 0 && !string.Equals(records[(int)(exportedHead.Count - 1)].Hash, exportedHead.Hash, StringComparison.Ordinal))
        {
            return AuditVerification.Bad(exportedHead.Count - 1, "history rewritten: the record at the exported head has a different hash");
        }

        return chain;
    }

    private static string? Check(AuditRecord record, long expectedIndex, string previousHash)
    {
        if (record.Index != expectedIndex)
        {
            return $"expected index {expectedIndex} but found {record.Index} (record missing, inserted or re-ordered)";
        }

        if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return "previous hash does not match the preceding record (record missing, inserted or re-ordered)";
        }

        string recomputed;
        try
        {
            recomputed = AuditChain.ComputeHash(record);
        }
        catch (ArgumentException ex)
        {
            return "record cannot be encoded: " + ex.Message;
        }

        return string.Equals(recomputed, record.Hash, StringComparison.Ordinal) ? null : "content does not match its hash (record altered)";
    }
}
