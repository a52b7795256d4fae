using System.Text.Json;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.Enforcement.Tests.Audit;

public class InMemoryAuditStoreTests
{
    private static AuditEntry Entry(int n) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(n), AuditKind.SignalReceived, "ingest", JsonDocument.Parse($$"""{"n":{{n}}}""").RootElement);

    [Fact]
    public async Task GetHead_Empty_IsGenesis()
    {
        var head = await new InMemoryAuditStore().GetHeadAsync();

        Assert.Equal(0, head.Count);
        Assert.Equal(new string('0', 64), head.Hash);
    }

    [Fact]
    public async Task Append_ReturnsLinkedRecordAndMovesHead()
    {
        var store = new InMemoryAuditStore();

        var first = await store.AppendAsync(Entry(1));
        var second = await store.AppendAsync(Entry(2));

        Assert.Equal(1, second.Index);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(new AuditHead(2, second.Hash), await store.GetHeadAsync());
    }

    [Fact]
    public async Task Append_Concurrently_NeverForksTheChain()
    {
        var store = new InMemoryAuditStore();

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => store.AppendAsync(Entry(i)))));
        var records = await store.ReadRangeAsync(0, 1_000);

        Assert.Equal(200, records.Count);
        Assert.True(AuditVerifier.Verify(records).Ok);
    }

    [Fact]
    public async Task ReadRange_PastTheEnd_IsEmptyOrShort()
    {
        var store = new InMemoryAuditStore();
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync(Entry(i));
        }

        Assert.Equal(2, (await store.ReadRangeAsync(1, 10)).Count);
        Assert.Empty(await store.ReadRangeAsync(5, 10));
    }
}
