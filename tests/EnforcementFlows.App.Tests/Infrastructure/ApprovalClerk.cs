using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// An approver working through a shared email pickup directory: for each case that asks, opens one
/// link's confirmation page on a live worker and submits "approve" from it, as a browser would.
/// A link whose token was re-issued (the worker died before recording the email as sent) answers
/// 404 and is dropped; the newer email carries the working link.
/// </summary>
public sealed partial class ApprovalClerk(string pickupDirectory, WorkerPool workers)
{
    private readonly HashSet<string> _seenFiles = [];
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _pending = new(); // case id -> its approval paths not tried yet
    private readonly ConcurrentDictionary<string, bool> _decided = new();
    private int _staleLinks;
    private int _retries;

    public int Decided => _decided.Count;

    public int StaleLinks => Volatile.Read(ref _staleLinks);

    public int Retries => Volatile.Read(ref _retries);

    public IReadOnlyCollection<string> DecidedCases => _decided.Keys.ToList();

    /// <summary>Reads new emails and decides every case not decided yet; a few cases at a time.</summary>
    public async Task RunOnceAsync(CancellationToken cancellation)
    {
        if (Directory.Exists(pickupDirectory))
        {
            foreach (var file in Directory.GetFiles(pickupDirectory, "*.eml"))
            {
                if (_seenFiles.Contains(file) || File.GetLastWriteTimeUtc(file) > DateTime.UtcNow.AddMilliseconds(-300))
                {
                    continue; // seen, or possibly still being written
                }
                var text = QuotedPrintable.Decode(await File.ReadAllTextAsync(file, cancellation));
                var link = Link().Match(text);
                var caseId = CaseId().Match(text);
                if (!link.Success || !caseId.Success)
                {
                    continue;
                }
                _seenFiles.Add(file);
                if (!_decided.ContainsKey(caseId.Value))
                {
                    // The path only: the port changes when a worker restarts. A case may have several links (two
                    // approvers, re-issued tokens); files are not listed in the order they were written.
                    _pending.GetOrAdd(caseId.Value, _ => new())[new Uri(link.Groups[1].Value).AbsolutePath] = true;
                }
            }
        }
        var batch = _pending.ToList();
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (item, ct) =>
        {
            foreach (var path in item.Value.Keys)
            {
                var outcome = await TryDecideAsync(path, ct);
                if (outcome == Outcome.Decided)
                {
                    _decided[item.Key] = true;
                    _pending.TryRemove(item.Key, out _);
                    return;
                }
                if (outcome == Outcome.Stale)
                {
                    item.Value.TryRemove(path, out _);
                    Interlocked.Increment(ref _staleLinks);
                }
                else
                {
                    Interlocked.Increment(ref _retries);
                }
            }
        });
    }

    private enum Outcome { Decided, Stale, Retry }

    private async Task<Outcome> TryDecideAsync(string path, CancellationToken cancellation)
    {
        var worker = workers.Pick();
        if (worker is null)
        {
            return Outcome.Retry;
        }
        // A browser of its own per attempt: the anti-forgery cookie belongs to the worker that rendered the page.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            using var page = await browser.GetAsync(worker.BaseUrl + path, cancellation);
            if (page.StatusCode == HttpStatusCode.NotFound)
            {
                return Outcome.Stale;
            }
            if (page.StatusCode == HttpStatusCode.Conflict)
            {
                return Outcome.Decided; // decided by an earlier attempt whose answer was lost with its worker
            }
            if (page.StatusCode != HttpStatusCode.OK)
            {
                return Outcome.Retry;
            }
            using var posted = await browser.PostAsync(worker.BaseUrl + path, ApprovalForm.Submit(await page.Content.ReadAsStringAsync(cancellation), "approve"), cancellation);
            return posted.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.Conflict => Outcome.Decided,
                HttpStatusCode.NotFound => Outcome.Stale,
                _ => Outcome.Retry,
            };
        }
        catch (Exception ex) when (!cancellation.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return Outcome.Retry;
        }
    }

    [GeneratedRegex(@"APPROVE: (\S+)")]
    private static partial Regex Link();

    [GeneratedRegex(@"case_[0-9a-f]{20}")]
    private static partial Regex CaseId();
}
