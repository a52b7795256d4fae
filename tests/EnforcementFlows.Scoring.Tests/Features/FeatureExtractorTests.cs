using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Tests.Features;

public class FeatureExtractorTests
{
    private static readonly FeatureConfig Config = new() { HashBits = 18 };

    private static HashSet<string> Names(string text, FeatureConfig? config = null)
    {
        var extractor = new FeatureExtractor(config ?? Config, keepNames: true);
        extractor.Extract(text);
        var features = extractor.Features;
        return Enumerable.Range(0, features.Count).Select(s => features.NameAt(s).ToString()).ToHashSet();
    }

    [Fact]
    public void Extract_Words_AreLowerCasedWithBigrams()
    {
        var names = Names("Free Money NOW");

        Assert.Contains("free", names);
        Assert.Contains("money", names);
        Assert.Contains("free money", names);
        Assert.Contains("money now", names);
        Assert.Contains("shape:all-caps", names);
    }

    [Fact]
    public void Extract_BigramsOff_EmitsOnlyUnigrams()
    {
        var names = Names("free money", Config with { WordBigrams = false });

        Assert.DoesNotContain("free money", names);
    }

    [Fact]
    public void Extract_UrlsAndMailAddresses_KeepHostAndRegisteredDomain()
    {
        var names = Names("visit https://click.spam-site.example.biz/offer?id=3 or mail sales@mailer.example.org");

        Assert.Contains("url:click.spam-site.example.biz", names);
        Assert.Contains("url:example.biz", names);
        Assert.Contains("email:mailer.example.org", names);
        Assert.Contains("email:example.org", names);
    }

    [Fact]
    public void Extract_Numbers_BecomeLengthShapes()
    {
        var names = Names("pay 2500 dollars by 2002");

        Assert.Contains("#4", names);
        Assert.DoesNotContain("2500", names);
    }

    [Fact]
    public void Extract_LongJunkWords_BecomeOneMarker()
    {
        var names = Names(new string('a', 200) + " normal");

        Assert.Contains("shape:long-word", names);
        Assert.Contains("normal", names);
    }

    [Fact]
    public void Extract_HeaderFields_GetTheirOwnNamespace()
    {
        var names = Names("From: promo@deals.example.biz\nSubject: Free gift\nX-Mailer: BulkBlaster 2\n\nfree stuff inside");

        Assert.Contains("subject:free", names);
        Assert.Contains("subject:free gift", names);
        Assert.Contains("free", names);
        Assert.Contains("header:x-mailer", names);
        Assert.Contains("x-mailer:bulkblaster", names);
        Assert.Contains("email:deals.example.biz", names);
    }

    [Fact]
    public void Extract_ValuesAreSublinearAndL2Normalised()
    {
        var extractor = new FeatureExtractor(Config with { WordBigrams = false }, keepNames: false);

        var vector = extractor.ToSparseVector("spam spam spam spam ham");

        Assert.Equal(2, vector.Indices.Length);
        double norm = Math.Sqrt(vector.Values.Sum(v => (double)v * v));
        Assert.Equal(1.0, norm, 5);
        float high = vector.Values.Max(), low = vector.Values.Min();
        Assert.Equal(1 + Math.Log(4), high / low, 4); // four "spam" count 1 + ln 4 against 1 for "ham"
    }

    [Fact]
    public void Extract_IndicesStayWithinTheHashingWidth()
    {
        var small = Config with { HashBits = 6 };
        var extractor = new FeatureExtractor(small, keepNames: false);

        var vector = extractor.ToSparseVector(string.Join(' ', Enumerable.Range(0, 500).Select(i => $"word{i}x")));

        Assert.All(vector.Indices, i => Assert.InRange(i, 0, small.Width - 1));
        Assert.True(vector.Indices.Length <= small.Width);
    }

    [Fact]
    public void Extract_EmptyText_HasNoFeatures()
    {
        var extractor = new FeatureExtractor(Config, keepNames: false);

        Assert.Empty(extractor.ToSparseVector("").Indices);
    }

    [Fact]
    public void Extract_ReusedExtractor_GivesTheSameVectorAsAFreshOne()
    {
        var reused = new FeatureExtractor(Config, keepNames: false);
        reused.ToSparseVector("something completely different first");

        var again = reused.ToSparseVector("the same message");
        var fresh = new FeatureExtractor(Config, keepNames: false).ToSparseVector("the same message");

        Assert.Equal(fresh.Indices, again.Indices);
        Assert.Equal(fresh.Values, again.Values);
    }

    [Fact]
    public void FeatureHash_MatchesTheGoldenValue()
    {
        // Model files address weights by these values: a change here silently breaks every
        // shipped model. Golden value: FNV-1a("free") = 0x99B3EEDB, then the murmur3 finaliser.
        Assert.Equal(0x99B3EEDBu, FeatureHash.Continue(FeatureHash.Seed(""), "free"));
        Assert.Equal(0x604E3435u, FeatureHash.Finish(FeatureHash.Continue(FeatureHash.Seed(""), "free")));
    }

    [Fact]
    public void Validate_RejectsOutOfRangeWidths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureConfig { HashBits = 40 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureConfig { HashBits = 2 }.Validate());
    }
}
