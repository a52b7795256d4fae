using System.Diagnostics;
using System.Text;
using EnforcementFlows.Scoring.Text;

namespace EnforcementFlows.Scoring.Tests.Text;

/// <summary>
/// Hostile mail the reader must survive: each case is read completely, within a memory
/// budget, and well inside a generous time guard (a hang or a quadratic blow-up would take
/// minutes; the throughput target itself lives in the bench command).
/// </summary>
public class HostileMailTests
{
    private static readonly TimeSpan TimeGuard = TimeSpan.FromSeconds(10);
    private const long AllocationBudget = 96L * 1024 * 1024;

    private RecordingSink ReadBounded(string message)
    {
        var reader = new MimeMessageReader();
        reader.Read("From: warm@example.org\n\nwarm up", new RecordingSink()); // JIT and static tables outside the budget
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var sink = new RecordingSink();
        reader.Read(message, sink);
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(clock.Elapsed < TimeGuard, $"reading took {clock.Elapsed}");
        Assert.True(allocated < AllocationBudget, $"reading allocated {allocated / 1024 / 1024} MB");
        return sink;
    }

    [Fact]
    public void DeeplyNestedMultiparts_StopAtTheDepthLimit()
    {
        var message = new StringBuilder("From: a@example.org\nSubject: nest\n");
        for (int i = 0; i < 5_000; i++) message.Append($"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n");
        message.Append("Content-Type: text/plain\n\ninnermost words\n");

        var sink = ReadBounded(message.ToString());

        Assert.InRange(sink.Markers.Count(m => m.StartsWith("mime:multipart", StringComparison.Ordinal)), 1, ReaderLimits.MaxParts);
        Assert.DoesNotContain("innermost", sink.AllBody);
    }

    [Fact]
    public void ThousandsOfParts_StopAtThePartLimit()
    {
        var message = new StringBuilder("From: a@example.org\nContent-Type: multipart/mixed; boundary=x\n\n");
        for (int i = 0; i < 10_000; i++) message.Append($"--x\nContent-Type: image/gif\n\nGIF{i}\n");
        message.Append("--x--\n");

        var sink = ReadBounded(message.ToString());

        Assert.InRange(sink.Markers.Count(m => m == "part:image/gif"), 1, ReaderLimits.MaxParts);
    }

    [Fact]
    public void FiftyMegabyteBody_ReadsOnlyTheBoundedPrefix()
    {
        var message = "From: a@example.org\nSubject: big\nContent-Type: text/plain\n\nfirstword " + new string('y', 50 * 1024 * 1024) + " tailword";

        var sink = ReadBounded(message);

        Assert.Contains("firstword", sink.AllBody);
        Assert.DoesNotContain("tailword", sink.AllBody);
    }

    [Fact]
    public void BrokenBase64_InAnUnknownCharset_ReadsTheDecodablePart()
    {
        var message = "From: a@example.org\nContent-Type: text/plain; charset=x-unheard-of\nContent-Transfer-Encoding: base64\n\n"
            + Convert.ToBase64String("genuine words here "u8.ToArray()) + "!!!@@@###" + new string('=', 40) + "\u0000\u0001garbage\n";

        var sink = ReadBounded(message);

        Assert.Contains("genuine words", sink.AllBody);
    }

    [Fact]
    public void DeeplyNestedHtml_DoesNotOverflowTheStack()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 60_000)) + "deepword" + string.Concat(Enumerable.Repeat("</div>", 10));
        var message = "From: a@example.org\nContent-Type: text/html\n\n" + html;

        var sink = ReadBounded(message);

        Assert.DoesNotContain("deepword", sink.AllBody); // beyond the tag limit
    }

    [Fact]
    public void MisnestedFormattingTags_StayBounded()
    {
        // Misnested inline tags make HTML5 parsers reparent elements (the adoption agency
        // algorithm), the classic quadratic case.
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<b><i><a href=x.example.com>w</b></i>", 8_000)) + "</body></html>";
        var message = "From: a@example.org\nContent-Type: text/html\n\n" + html;

        var sink = ReadBounded(message);

        Assert.Contains("x.example.com", sink.AllBody);
    }

    [Fact]
    public void EntityAndAttributeFlood_StaysBounded()
    {
        var html = "<html><body><a href=\"" + new string('h', 100_000) + "\">link</a>" + string.Concat(Enumerable.Repeat("&amp;&#x41;&bogus;", 10_000)) + "</body></html>";

        var sink = ReadBounded(html);

        Assert.Contains("link", sink.AllBody);
    }
}
