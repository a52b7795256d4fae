using System.Text;
using System.Text.Json;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.Enforcement.Tests.Audit;

public class AuditCanonicalEncodingTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static AuditEntry Entry(string data) => new(
        new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(1)).AddTicks(1234567),
        AuditKind.Decided,
        "policy-engine",
        Json(data),
        CaseId: "case-42",
        AccountId: null);

    [Fact]
    public void Encode_KnownRecord_MatchesDocumentedFormat()
    {
        var record = AuditChain.Link(Entry("""{"z":1,"a":{"y":"é\n\"q\"","b":[1.0,2.5,1e2,true,null]}}"""), AuditHead.Empty);

        var canonical = Encoding.UTF8.GetString(AuditCanonicalEncoding.Encode(record));

        Assert.Equal(
            "{\"accountId\":null,\"actor\":\"policy-engine\",\"caseId\":\"case-42\"," +
            "\"data\":{\"a\":{\"b\":[1,2.5,100,true,null],\"y\":\"é\\n\\\"q\\\"\"},\"z\":1}," +
            "\"index\":0,\"kind\":\"decided\",\"previousHash\":\"" + new string('0', 64) + "\"," +
            "\"timestamp\":\"2026-11-22T08:30:15.123456Z\"}",
            canonical);
    }

    [Fact]
    public void Hash_KnownRecord_MatchesIndependentlyComputedValue()
    {
        // Computed with Python (json.dumps sort_keys, compact separators, ensure_ascii=False; hashlib.sha256) from the same record.
        var record = AuditChain.Link(Entry("""{"z":1,"a":{"y":"é\n\"q\"","b":[1.0,2.5,1e2,true,null]}}"""), AuditHead.Empty);

        Assert.Equal("b9b056b9c364e5756385a8b20af69e07c8bf3083015e5cd3f825f97447b24ac7", record.Hash);
    }

    [Fact]
    public void Encode_KeyOrderAndNumberSpelling_DoNotChangeTheHash()
    {
        var a = AuditChain.Link(Entry("""{"reason":"x","score":1,"inputs":{"b":2,"a":1}}"""), AuditHead.Empty);
        var b = AuditChain.Link(Entry("""{"inputs":{"a":1.0,"b":2e0},"score":1.00,"reason":"x"}"""), AuditHead.Empty);

        Assert.Equal(a.Hash, b.Hash);
    }

    [Fact]
    public void Link_TimestampKeptToMicroseconds_InUtc()
    {
        var record = AuditChain.Link(Entry("{}"), AuditHead.Empty);

        Assert.Equal(TimeSpan.Zero, record.Timestamp.Offset);
        Assert.Equal(0, record.Timestamp.Ticks % 10);
    }

    [Fact]
    public void Link_DataNotAnObjectOrDuplicateKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => AuditChain.Link(Entry("[1]"), AuditHead.Empty));
        Assert.Throws<ArgumentException>(() => AuditChain.Link(Entry("""{"a":1,"a":2}"""), AuditHead.Empty));
    }

    [Fact]
    public void Encode_ControlCharacters_EscapedAsLowercaseUnicode()
    {
        var record = AuditChain.Link(Entry("{\"c\":\"\\u0001\\t\"}"), AuditHead.Empty);

        Assert.Contains("\"c\":\"\\u0001\\t\"", Encoding.UTF8.GetString(AuditCanonicalEncoding.Encode(record)), StringComparison.Ordinal);
    }
}
