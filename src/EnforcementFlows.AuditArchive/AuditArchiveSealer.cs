using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.Enforcement.Audit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.AuditArchive;

/// <summary>
/// Seals the audit chain into the archive, segment by segment, continuing from the last manifest entry.
/// Per segment: (1) the segment blob, (2) its manifest entry, both create-only. A run that crashed between the
/// two left a segment without an entry: the next run finds it, checks every record in it against the database
/// and the chain, and writes the missing entry (its boundaries may differ from what this run would choose, when
/// sealing was by time). A blob that exists with content that does not match stops the run: nothing is overwritten.
/// Runs must not overlap (one job per archive); two that did would still not corrupt it, since every write is
/// create-only and compared.
/// </summary>
public sealed class AuditArchiveSealer(ArchiveContainer blobs, IAuditStore store, SealerSettings settings, TimeProvider? time = null, ILogger? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>Seals every segment that is due; returns what it did.</summary>
    public async Task<SealResult> SealAsync(CancellationToken cancellationToken)
    {
        var tip = await ArchiveTip.ReadAsync(blobs, cancellationToken).ConfigureAwait(false);
        int sealedCount = 0, resumed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sequence = tip.NextSequence;
            var segmentName = ArchiveFormat.SegmentName(sequence);
            byte[] content;
            ArchiveSegment segment;

            var leftover = await blobs.DownloadAsync(segmentName, cancellationToken).ConfigureAwait(false);
            if (leftover is not null)
            {
                segment = await AdoptAsync(segmentName, leftover, tip, cancellationToken).ConfigureAwait(false);
                content = leftover;
                resumed++;
                Log.SegmentResumed(_logger, sequence, segment.FirstIndex, segment.LastIndex);
            }
            else
            {
                var records = await DueRecordsAsync(tip, cancellationToken).ConfigureAwait(false);
                if (records is null)
                {
                    break;
                }
                content = ArchiveFormat.EncodeSegment(sequence, tip.LastHash, records);
                segment = ArchiveFormat.ParseSegment(content);
                var written = await blobs.CreateAsync(segmentName, content, ArchiveFormat.SegmentContentType, cancellationToken).ConfigureAwait(false);
                if (written.Outcome == BlobCreateOutcome.ExistsWithOtherContent)
                {
                    // Appeared between our read and our write: another sealer is running. Stop; never overwrite.
                    throw new AuditArchiveException($"segment blob '{segmentName}' was created by someone else while sealing, with other content; it was not overwritten. Is a second archive job running?");
                }
            }

            var entry = ArchiveFormat.CreateEntry(segment, content, tip.LastEntrySha256);
            var entryBytes = ArchiveFormat.EncodeEntry(entry);
            var entryName = ArchiveFormat.ManifestName(sequence);
            var manifest = await blobs.CreateAsync(entryName, entryBytes, ArchiveFormat.ManifestContentType, cancellationToken).ConfigureAwait(false);
            if (manifest.Outcome == BlobCreateOutcome.ExistsWithOtherContent)
            {
                throw new AuditArchiveException($"manifest entry '{entryName}' already exists with other content than segment '{segmentName}' calls for; it was not overwritten. Run 'audit verify --archive'.");
            }

            sealedCount++;
            Log.SegmentSealed(_logger, sequence, entry.FirstIndex, entry.LastIndex, entry.LastHash);
            tip = new ArchiveTip(sequence + 1, entry.LastIndex + 1, entry.LastHash, ArchiveFormat.Sha256(entryBytes));
        }
        return new SealResult(sealedCount, resumed, tip.NextIndex);
    }

    /// <summary>The next segment's records when one is due (full, or its oldest record old enough), else null.</summary>
    private async Task<IReadOnlyList<AuditRecord>?> DueRecordsAsync(ArchiveTip tip, CancellationToken cancellationToken)
    {
        var records = await store.ReadRangeAsync(tip.NextIndex, settings.SegmentMaxRecords, cancellationToken).ConfigureAwait(false);
        if (records.Count == 0)
        {
            return null;
        }
        var full = records.Count >= settings.SegmentMaxRecords;
        var old = _time.GetUtcNow() - records[0].Timestamp >= settings.SegmentMaxAge;
        if (!full && !old)
        {
            return null;
        }
        // Never archive a chain that does not continue the archive: that is evidence to keep, not to seal over.
        var check = AuditVerifier.VerifyFrom(records, new AuditHead(tip.NextIndex, tip.LastHash));
        if (!check.Ok)
        {
            throw new AuditArchiveException($"the database audit chain is broken at record {check.FirstBadIndex} ({check.Reason}); nothing after record {tip.NextIndex - 1} is archived until it is investigated. Run 'audit verify --archive'.");
        }
        return records;
    }

    /// <summary>A segment written by a run that stopped before its manifest entry: accepted only if it is exactly what the database holds.</summary>
    private async Task<ArchiveSegment> AdoptAsync(string segmentName, byte[] content, ArchiveTip tip, CancellationToken cancellationToken)
    {
        ArchiveSegment segment;
        try
        {
            segment = ArchiveFormat.ParseSegment(content);
        }
        catch (FormatException e)
        {
            throw new AuditArchiveException($"blob '{segmentName}' exists but is not an audit segment ({e.Message}); it was not overwritten.", e);
        }
        var problem = segment.Sequence != tip.NextSequence || segment.FirstIndex != tip.NextIndex || segment.PreviousHash != tip.LastHash
            ? $"it does not continue the archive (expected sequence {tip.NextSequence} from record {tip.NextIndex})"
            : ArchiveFormat.CheckSegment(segment);
        if (problem is null)
        {
            var stored = await store.ReadRangeAsync(segment.FirstIndex, segment.Records.Count, cancellationToken).ConfigureAwait(false);
            var byIndex = stored.ToDictionary(r => r.Index);
            var differs = segment.Records.FirstOrDefault(a => !byIndex.TryGetValue(a.Index, out var s) || !ArchiveFormat.Matches(a, s));
            problem = differs is null ? null : $"its record {differs.Index} differs from the database";
        }
        return problem is null
            ? segment
            : throw new AuditArchiveException($"blob '{segmentName}' exists with other content than the database calls for: {problem}; it was not overwritten. Run 'audit verify --archive'.");
    }
}

/// <summary>Where the archive ends: the next segment number and record index, the last archived hash, and the last manifest entry's SHA-256.</summary>
internal sealed record ArchiveTip(long NextSequence, long NextIndex, string LastHash, string LastEntrySha256)
{
    public static ArchiveTip Empty { get; } = new(0, 0, AuditChain.GenesisHash, AuditChain.GenesisHash);

    public static async Task<ArchiveTip> ReadAsync(ArchiveContainer blobs, CancellationToken cancellationToken)
    {
        var names = await blobs.ListAsync(ArchiveFormat.ManifestPrefix, cancellationToken).ConfigureAwait(false);
        if (names.Count == 0)
        {
            return Empty;
        }
        var last = names.Max(StringComparer.Ordinal)!;
        var bytes = await blobs.DownloadAsync(last, cancellationToken).ConfigureAwait(false)
            ?? throw new AuditArchiveException($"manifest entry '{last}' was listed but cannot be read");
        ManifestEntry entry;
        try
        {
            entry = ArchiveFormat.ParseEntry(bytes);
        }
        catch (FormatException e)
        {
            throw new AuditArchiveException($"manifest entry '{last}' is not readable ({e.Message}); sealing stops. Run 'audit verify --archive'.", e);
        }
        if (ArchiveFormat.ManifestName(entry.Sequence) != last)
        {
            throw new AuditArchiveException($"manifest entry '{last}' names sequence {entry.Sequence}; sealing stops. Run 'audit verify --archive'.");
        }
        return new ArchiveTip(entry.Sequence + 1, entry.LastIndex + 1, entry.LastHash, ArchiveFormat.Sha256(bytes));
    }
}
