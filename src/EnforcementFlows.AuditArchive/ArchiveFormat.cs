using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.AuditArchive;

/// <summary>One record as archived: its chain position, hashes, and the exact canonical bytes its hash covers.</summary>
public sealed record ArchivedRecord(long Index, string PreviousHash, string Hash, byte[] Canonical);

/// <summary>A parsed segment blob.</summary>
public sealed record ArchiveSegment(long Sequence, long FirstIndex, long LastIndex, string PreviousHash, string FirstHash, string LastHash, IReadOnlyList<ArchivedRecord> Records);

/// <summary>
/// One manifest entry: which segment holds which records, the SHA-256 of the segment's bytes, and the SHA-256
/// of the previous entry's bytes, so the entries form a chain of their own (deleting or replacing an entry breaks it).
/// </summary>
public sealed record ManifestEntry(
    long Sequence, string Segment, long FirstIndex, long LastIndex, long Count,
    string PreviousHash, string FirstHash, string LastHash, string ContentSha256, string PreviousEntrySha256);

/// <summary>
/// The archive's layout and byte formats. Everything here is deterministic (no timestamps of the sealing run,
/// fixed property order), so a run that resumes after a crash writes exactly the bytes the crashed run would have.
/// <para>
/// Layout: <c>segments/{sequence:D10}.jsonl</c> and <c>manifest/{sequence:D10}.json</c>, one of each per segment.
/// The manifest is a chain of create-only blobs rather than one blob or an append blob: a container with a
/// time-based immutability policy refuses to overwrite any blob, so a single manifest could never be updated;
/// an append blob would work only while "protected append writes" stay allowed on the policy and would put every
/// entry in one blob that a partial append could leave torn. One small blob per entry is written with the same
/// create-only rule as the segments, is self-contained, and chains to its predecessor by hash.
/// </para>
/// <para>
/// Segment: a header line (JSON: sequence, first/last index, count, the hash before the first record, first/last
/// hash, first/last record time) then one line per record <c>{"hash":"…","record":CANONICAL}</c>, where
/// CANONICAL is <see cref="AuditCanonicalEncoding"/>'s bytes verbatim, so anyone can recompute
/// <c>SHA-256(previousHash || CANONICAL)</c> from the blob alone.
/// </para>
/// </summary>
public static class ArchiveFormat
{
    public const string SegmentFormat = "ef-audit-segment/1";
    public const string ManifestFormat = "ef-audit-manifest/1";
    public const string SegmentPrefix = "segments/";
    public const string ManifestPrefix = "manifest/";
    public const string SegmentContentType = "application/x-ndjson";
    public const string ManifestContentType = "application/json";

    public static string SegmentName(long sequence) => SegmentPrefix + sequence.ToString("D10", CultureInfo.InvariantCulture) + ".jsonl";

    public static string ManifestName(long sequence) => ManifestPrefix + sequence.ToString("D10", CultureInfo.InvariantCulture) + ".json";

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Encodes linked records (already verified to chain from <paramref name="previousHash"/>) as segment <paramref name="sequence"/>.</summary>
    public static byte[] EncodeSegment(long sequence, string previousHash, IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("a segment holds at least one record", nameof(records));
        }
        using var buffer = new MemoryStream();
        using (var header = new Utf8JsonWriter(buffer))
        {
            header.WriteStartObject();
            header.WriteString("format", SegmentFormat);
            header.WriteNumber("sequence", sequence);
            header.WriteNumber("firstIndex", records[0].Index);
            header.WriteNumber("lastIndex", records[^1].Index);
            header.WriteNumber("count", records.Count);
            header.WriteString("previousHash", previousHash);
            header.WriteString("firstHash", records[0].Hash);
            header.WriteString("lastHash", records[^1].Hash);
            header.WriteString("firstTimestamp", AuditCanonicalEncoding.FormatTimestamp(records[0].Timestamp));
            header.WriteString("lastTimestamp", AuditCanonicalEncoding.FormatTimestamp(records[^1].Timestamp));
            header.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        foreach (var record in records)
        {
            buffer.Write("{\"hash\":\""u8);
            buffer.Write(Encoding.ASCII.GetBytes(record.Hash));
            buffer.Write("\",\"record\":"u8);
            buffer.Write(AuditCanonicalEncoding.Encode(record));
            buffer.Write("}\n"u8);
        }
        return buffer.ToArray();
    }

    /// <summary>Parses a segment. Throws <see cref="FormatException"/> when it is not one.</summary>
    public static ArchiveSegment ParseSegment(byte[] content)
    {
        try
        {
            var lines = Encoding.UTF8.GetString(content).Split('\n');
            if (lines.Length < 3 || lines[^1].Length != 0)
            {
                throw new FormatException("not a segment: expected a header line, record lines and a final newline");
            }
            using var header = JsonDocument.Parse(lines[0]);
            var h = header.RootElement;
            if (h.GetProperty("format").GetString() != SegmentFormat)
            {
                throw new FormatException($"not a segment: format is not {SegmentFormat}");
            }
            var records = new List<ArchivedRecord>(lines.Length - 2);
            foreach (var line in lines.AsSpan(1, lines.Length - 2))
            {
                using var json = JsonDocument.Parse(line);
                var record = json.RootElement.GetProperty("record");
                records.Add(new ArchivedRecord(
                    record.GetProperty("index").GetInt64(),
                    record.GetProperty("previousHash").GetString()!,
                    json.RootElement.GetProperty("hash").GetString()!,
                    Encoding.UTF8.GetBytes(record.GetRawText())));
            }
            return new ArchiveSegment(h.GetProperty("sequence").GetInt64(), h.GetProperty("firstIndex").GetInt64(), h.GetProperty("lastIndex").GetInt64(),
                h.GetProperty("previousHash").GetString()!, h.GetProperty("firstHash").GetString()!, h.GetProperty("lastHash").GetString()!, records);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("not a segment: " + e.Message, e);
        }
    }

    /// <summary>
    /// Checks a segment on its own: header agrees with the records, indexes are consecutive, each record links to the
    /// one before, and each hash is SHA-256 of the previous hash and the archived canonical bytes. Null when sound.
    /// </summary>
    public static string? CheckSegment(ArchiveSegment segment)
    {
        if (segment.Records.Count == 0 || segment.Records[0].Index != segment.FirstIndex || segment.Records[^1].Index != segment.LastIndex
            || segment.Records.Count != segment.LastIndex - segment.FirstIndex + 1)
        {
            return "header does not match the records it holds";
        }
        var previous = segment.PreviousHash;
        var index = segment.FirstIndex;
        foreach (var record in segment.Records)
        {
            if (record.Index != index || record.PreviousHash != previous)
            {
                return $"record {record.Index} does not link to the record before it";
            }
            if (RecordHash(record) != record.Hash)
            {
                return $"record {record.Index} does not match its hash";
            }
            previous = record.Hash;
            index++;
        }
        return segment.Records[0].Hash == segment.FirstHash && segment.Records[^1].Hash == segment.LastHash ? null : "header first/last hash do not match the records";
    }

    /// <summary>The chain hash recomputed from the archived bytes: SHA-256(ASCII(previousHash) || canonical).</summary>
    public static string RecordHash(ArchivedRecord record)
    {
        var previous = Encoding.ASCII.GetBytes(record.PreviousHash);
        var material = new byte[previous.Length + record.Canonical.Length];
        previous.CopyTo(material, 0);
        record.Canonical.CopyTo(material, previous.Length);
        return Convert.ToHexStringLower(SHA256.HashData(material));
    }

    /// <summary>True when the database record is exactly the archived one (same canonical bytes and hash).</summary>
    public static bool Matches(ArchivedRecord archived, AuditRecord stored)
    {
        byte[] canonical;
        try
        {
            canonical = AuditCanonicalEncoding.Encode(stored);
        }
        catch (ArgumentException)
        {
            return false;
        }
        return stored.Index == archived.Index && stored.Hash == archived.Hash && canonical.AsSpan().SequenceEqual(archived.Canonical);
    }

    public static ManifestEntry CreateEntry(ArchiveSegment segment, byte[] segmentContent, string previousEntrySha256) => new(
        segment.Sequence, SegmentName(segment.Sequence), segment.FirstIndex, segment.LastIndex, segment.Records.Count,
        segment.PreviousHash, segment.FirstHash, segment.LastHash, Sha256(segmentContent), previousEntrySha256);

    public static byte[] EncodeEntry(ManifestEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", ManifestFormat);
            json.WriteNumber("sequence", entry.Sequence);
            json.WriteString("segment", entry.Segment);
            json.WriteNumber("firstIndex", entry.FirstIndex);
            json.WriteNumber("lastIndex", entry.LastIndex);
            json.WriteNumber("count", entry.Count);
            json.WriteString("previousHash", entry.PreviousHash);
            json.WriteString("firstHash", entry.FirstHash);
            json.WriteString("lastHash", entry.LastHash);
            json.WriteString("contentSha256", entry.ContentSha256);
            json.WriteString("previousEntrySha256", entry.PreviousEntrySha256);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Parses a manifest entry. Throws <see cref="FormatException"/> when it is not one.</summary>
    public static ManifestEntry ParseEntry(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var e = document.RootElement;
            if (e.GetProperty("format").GetString() != ManifestFormat)
            {
                throw new FormatException($"not a manifest entry: format is not {ManifestFormat}");
            }
            return new ManifestEntry(e.GetProperty("sequence").GetInt64(), e.GetProperty("segment").GetString()!, e.GetProperty("firstIndex").GetInt64(),
                e.GetProperty("lastIndex").GetInt64(), e.GetProperty("count").GetInt64(), e.GetProperty("previousHash").GetString()!,
                e.GetProperty("firstHash").GetString()!, e.GetProperty("lastHash").GetString()!, e.GetProperty("contentSha256").GetString()!,
                e.GetProperty("previousEntrySha256").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not a manifest entry: " + e.Message, e);
        }
    }
}
