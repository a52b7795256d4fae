using EnforcementFlows.AuditArchive.Blob;
using EnforcementFlows.Enforcement.Audit;

namespace EnforcementFlows.AuditArchive;

/// <summary>
/// Checks the archive and the database against each other: the manifest entries form an unbroken hash chain;
/// each segment exists, matches its entry's SHA-256 and its own record hashes; every archived record is still in
/// the database, byte for byte; and the records not yet archived continue the archived chain.
/// </summary>
public sealed class AuditArchiveVerifier(ArchiveContainer blobs, IAuditStore store)
{
    public const int MaxReported = 1000;
    private const int Page = 5000;

    public async Task<ArchiveVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var report = new Report();
        var names = (await blobs.ListAsync(ArchiveFormat.ManifestPrefix, cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal).ToList();
        var previousEntrySha = AuditChain.GenesisHash;
        var nextIndex = 0L;
        var lastHash = AuditChain.GenesisHash;
        var sequence = 0L;
        foreach (var name in names)
        {
            var bytes = await blobs.DownloadAsync(name, cancellationToken).ConfigureAwait(false);
            ManifestEntry entry;
            try
            {
                entry = ArchiveFormat.ParseEntry(bytes ?? throw new FormatException("listed but not readable"));
            }
            catch (FormatException e)
            {
                report.Add(DiscrepancyKind.ManifestChainBroken, $"manifest entry '{name}' is unreadable: {e.Message}");
                sequence++;
                continue;
            }

            if (name != ArchiveFormat.ManifestName(sequence) || entry.Sequence != sequence)
            {
                report.Add(DiscrepancyKind.ManifestChainBroken, $"expected manifest entry {ArchiveFormat.ManifestName(sequence)} but found '{name}' (sequence {entry.Sequence}): an entry is missing or misplaced");
                sequence = entry.Sequence;
            }
            if (entry.PreviousEntrySha256 != previousEntrySha)
            {
                report.Add(DiscrepancyKind.ManifestChainBroken, $"manifest entry {entry.Sequence} does not link to the entry before it (previousEntrySha256 differs)");
            }
            if (entry.FirstIndex != nextIndex || entry.PreviousHash != lastHash)
            {
                report.Add(DiscrepancyKind.ManifestChainBroken, $"manifest entry {entry.Sequence} covers records {entry.FirstIndex}-{entry.LastIndex} but the archive so far ends before record {nextIndex} with another hash");
            }

            await CheckSegmentAsync(entry, report, cancellationToken).ConfigureAwait(false);
            report.Segments++;
            report.Archived += entry.Count;
            previousEntrySha = ArchiveFormat.Sha256(bytes);
            nextIndex = entry.LastIndex + 1;
            lastHash = entry.LastHash;
            sequence = entry.Sequence + 1;
        }

        var pending = (await blobs.ListAsync(ArchiveFormat.SegmentPrefix, cancellationToken).ConfigureAwait(false))
            .Where(n => string.CompareOrdinal(n, ArchiveFormat.SegmentName(sequence)) >= 0).ToList();
        foreach (var name in pending)
        {
            report.Notes.Add($"segment '{name}' has no manifest entry yet (a sealing run stopped after writing it; the next run checks and adopts it)");
        }

        await CheckUnarchivedTailAsync(nextIndex, lastHash, report, cancellationToken).ConfigureAwait(false);
        return new ArchiveVerification(report.Discrepancies, report.Count, report.Segments, report.Archived, report.Unarchived, report.Notes);
    }

    private async Task CheckSegmentAsync(ManifestEntry entry, Report report, CancellationToken cancellationToken)
    {
        var stored = (await store.ReadRangeAsync(entry.FirstIndex, checked((int)entry.Count), cancellationToken).ConfigureAwait(false))
            .Where(r => r.Index <= entry.LastIndex).ToDictionary(r => r.Index);
        var content = await blobs.DownloadAsync(entry.Segment, cancellationToken).ConfigureAwait(false);
        ArchiveSegment? segment = null;
        if (content is null)
        {
            report.Add(DiscrepancyKind.SegmentMissing, $"segment '{entry.Segment}' (records {entry.FirstIndex}-{entry.LastIndex}) named by manifest entry {entry.Sequence} does not exist");
        }
        else if (ArchiveFormat.Sha256(content) != entry.ContentSha256)
        {
            report.Add(DiscrepancyKind.SegmentAltered, $"segment '{entry.Segment}' does not match the SHA-256 in manifest entry {entry.Sequence}");
        }
        else
        {
            try
            {
                segment = ArchiveFormat.ParseSegment(content);
                var problem = ArchiveFormat.CheckSegment(segment)
                    ?? (segment.FirstIndex != entry.FirstIndex || segment.LastIndex != entry.LastIndex || segment.LastHash != entry.LastHash || segment.PreviousHash != entry.PreviousHash
                        ? "its header does not match manifest entry " + entry.Sequence : null);
                if (problem is not null)
                {
                    report.Add(DiscrepancyKind.SegmentAltered, $"segment '{entry.Segment}': {problem}");
                    segment = null;
                }
            }
            catch (FormatException e)
            {
                report.Add(DiscrepancyKind.SegmentAltered, $"segment '{entry.Segment}' is unreadable: {e.Message}");
            }
        }

        if (segment is null)
        {
            // Without the records, the entry's own hashes still pin the segment's ends.
            foreach (var (index, hash) in new[] { (entry.FirstIndex, entry.FirstHash), (entry.LastIndex, entry.LastHash) }.Distinct())
            {
                if (!stored.TryGetValue(index, out var record))
                {
                    report.Add(DiscrepancyKind.RecordDeleted, $"record {index} (sealed in segment {entry.Sequence}) is missing from the database");
                }
                else if (record.Hash != hash || AuditChain.ComputeHash(record) != hash)
                {
                    report.Add(DiscrepancyKind.RecordAltered, $"record {index} (sealed in segment {entry.Sequence}) was altered in the database after sealing");
                }
            }
            return;
        }

        foreach (var archived in segment.Records)
        {
            if (!stored.TryGetValue(archived.Index, out var record))
            {
                report.Add(DiscrepancyKind.RecordDeleted, $"record {archived.Index} (sealed in segment {entry.Sequence}, hash {archived.Hash}) is missing from the database");
            }
            else if (!ArchiveFormat.Matches(archived, record))
            {
                report.Add(DiscrepancyKind.RecordAltered, $"record {archived.Index} (sealed in segment {entry.Sequence}, hash {archived.Hash}) was altered in the database after sealing");
            }
        }
    }

    private async Task CheckUnarchivedTailAsync(long fromIndex, string lastHash, Report report, CancellationToken cancellationToken)
    {
        var head = new AuditHead(fromIndex, lastHash);
        for (var from = fromIndex; ; from += Page)
        {
            var page = await store.ReadRangeAsync(from, Page, cancellationToken).ConfigureAwait(false);
            var check = AuditVerifier.VerifyFrom(page, head);
            if (!check.Ok)
            {
                report.Add(DiscrepancyKind.DatabaseChainBroken, $"the records not yet archived do not continue the chain at record {check.FirstBadIndex}: {check.Reason}");
                return;
            }
            report.Unarchived += page.Count;
            if (page.Count < Page)
            {
                return;
            }
            head = new AuditHead(page[^1].Index + 1, page[^1].Hash);
        }
    }

    private sealed class Report
    {
        public List<ArchiveDiscrepancy> Discrepancies { get; } = [];

        public List<string> Notes { get; } = [];

        public long Count { get; private set; }

        public int Segments { get; set; }

        public long Archived { get; set; }

        public long Unarchived { get; set; }

        public void Add(DiscrepancyKind kind, string message)
        {
            Count++;
            if (Discrepancies.Count < MaxReported)
            {
                Discrepancies.Add(new ArchiveDiscrepancy(kind, message));
            }
        }
    }
}
