using System.Text.Json;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.Enforcement.Tests.Audit;

public class AuditVerifierTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static async Task<(InMemoryAuditStore Store, List<AuditRecord> Records)> ChainOf(int count)
    {
        var store = new InMemoryAuditStore();
        for (var i = 0; i < count; i++)
        {
            var kind = (AuditKind)(i % Enum.GetValues<AuditKind>().Length);
            var data = JsonDocument.Parse($$"""{"step":{{i}},"policyHash":"abc","reason":"r{{i}}"}""").RootElement;
            await store.AppendAsync(new AuditEntry(Start.AddMinutes(i), kind, "actor-" + i, data, CaseId: "case-1", AccountId: "acct-1"));
        }

        return (store, (await store.ReadRangeAsync(0, int.MaxValue)).ToList());
    }

    [Fact]
    public async Task Verify_UntouchedChain_IsOk()
    {
        var (_, records) = await ChainOf(10);

        var result = AuditVerifier.Verify(records);

        Assert.True(result.Ok, result.Reason);
        Assert.Null(result.FirstBadIndex);
        Assert.Equal(AuditChain.GenesisHash, records[0].PreviousHash);
    }

    [Fact]
    public void Verify_EmptyChain_IsOk()
    {
        Assert.True(AuditVerifier.Verify([]).Ok);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task Verify_AlteredActor_FlagsThatIndex(int index)
    {
        var (_, records) = await ChainOf(10);
        records[index] = records[index] with { Actor = "someone-else" };

        var result = AuditVerifier.Verify(records);

        Assert.False(result.Ok);
        Assert.Equal(index, result.FirstBadIndex);
        Assert.Contains("altered", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AlteredDataDeepInside_FlagsThatIndex()
    {
        var (_, records) = await ChainOf(6);
        records[3] = records[3] with { Data = JsonDocument.Parse("""{"step":3,"policyHash":"abd","reason":"r3"}""").RootElement };

        Assert.Equal(3, AuditVerifier.Verify(records).FirstBadIndex);
    }

    [Fact]
    public async Task Verify_AlteredRecordWithRecomputedHash_BreaksTheNextLink()
    {
        var (_, records) = await ChainOf(6);
        var forged = records[2] with { Kind = AuditKind.CaseClosed };
        records[2] = forged with { Hash = AuditChain.ComputeHash(forged) };

        var result = AuditVerifier.Verify(records);

        Assert.Equal(3, result.FirstBadIndex);
        Assert.Contains("previous hash", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReorderedRecords_FlagsFirstOutOfPlace()
    {
        var (_, records) = await ChainOf(8);
        (records[4], records[5]) = (records[5], records[4]);

        var result = AuditVerifier.Verify(records);

        Assert.False(result.Ok);
        Assert.Equal(4, result.FirstBadIndex);
    }

    [Fact]
    public async Task Verify_ReorderedWithIndexesRewritten_StillCaught()
    {
        var (_, records) = await ChainOf(8);
        (records[4], records[5]) = (records[5] with { Index = 4 }, records[4] with { Index = 5 });

        Assert.Equal(4, AuditVerifier.Verify(records).FirstBadIndex);
    }

    [Fact]
    public async Task Verify_RecordDeletedFromMiddle_FlagsTheGap()
    {
        var (_, records) = await ChainOf(8);
        records.RemoveAt(3);

        Assert.Equal(3, AuditVerifier.Verify(records).FirstBadIndex);
    }

    [Fact]
    public async Task VerifyAgainstHead_DeletedTail_DetectedOnlyWithExportedHead()
    {
        var (store, records) = await ChainOf(10);
        var exported = await store.GetHeadAsync();
        var truncated = records.Take(7).ToList();

        Assert.True(AuditVerifier.Verify(truncated).Ok);
        var result = AuditVerifier.VerifyAgainstHead(truncated, exported);

        Assert.False(result.Ok);
        Assert.Equal(7, result.FirstBadIndex);
        Assert.Contains("truncated", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAgainstHead_RewrittenChainOfSameLength_Detected()
    {
        var (store, records) = await ChainOf(5);
        var exported = await store.GetHeadAsync();

        // Re-link every record after changing the first: internally consistent, but not the exported history.
        var rewritten = new InMemoryAuditStore();
        foreach (var r in records)
        {
            await rewritten.AppendAsync(new AuditEntry(r.Timestamp, r.Kind, r.Index == 0 ? "forger" : r.Actor, r.Data, r.CaseId, r.AccountId));
        }

        var forged = await rewritten.ReadRangeAsync(0, 100);

        Assert.True(AuditVerifier.Verify(forged).Ok);
        Assert.Equal(4, AuditVerifier.VerifyAgainstHead(forged, exported).FirstBadIndex);
    }

    [Fact]
    public async Task VerifyAgainstHead_RecordsAppendedAfterExport_AreFine()
    {
        var (store, _) = await ChainOf(4);
        var exported = await store.GetHeadAsync();
        await store.AppendAsync(new AuditEntry(Start, AuditKind.CaseClosed, "closer", JsonDocument.Parse("{}").RootElement));

        var result = AuditVerifier.VerifyAgainstHead(await store.ReadRangeAsync(0, 100), exported);

        Assert.True(result.Ok, result.Reason);
    }

    [Fact]
    public async Task VerifyFrom_SecondPage_ContinuesFromFirstPageHead()
    {
        var (store, _) = await ChainOf(10);
        var firstPage = await store.ReadRangeAsync(0, 4);
        var secondPage = await store.ReadRangeAsync(4, 100);

        Assert.True(AuditVerifier.Verify(firstPage).Ok);
        Assert.True(AuditVerifier.VerifyFrom(secondPage, new AuditHead(4, firstPage[^1].Hash)).Ok);
        Assert.False(AuditVerifier.Verify(secondPage).Ok);
    }
}
