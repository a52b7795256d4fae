using EnforcementFlows.Scoring.Text;
using FsCheck;
using FsCheck.Fluent;

namespace EnforcementFlows.Scoring.Tests.Text;

/// <summary>
/// Property tests (FsCheck): whatever text arrives, reading and scoring finish without an
/// exception; the only documented one is ArgumentNullException for a null text.
/// </summary>
public class ReaderProperties
{
    // Fragments that steer generated input into the readers' difficult paths.
    private static readonly string[] Fragments =
    [
        "From: a@example.org\n", "Subject: =?utf-8?B?w5w=?= =?x-bogus?Q?=ZZ?=\n", "Content-Type: multipart/mixed; boundary=x\n",
        "Content-Type: text/html; charset=koi8-r\n", "Content-Type: text/plain; charset=\"\"\n", "Content-Type: message/rfc822\n",
        "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n", "Content-Transfer-Encoding: x-uuencode\n",
        "\n", "\r\n", "--x\n", "--x--\n", "begin 644 f\n", "=?", "?=", "=\n", "=4", "aGVsbG8", "====",
        "<html><body>", "<a href=\"http://e.example/", "<script>", "</script", "<!--", "-->", "&amp;", "&#x1F600;", "&#99999999;", "<b><i>",
        "http://", "@", "\u0000", "\uFFFF", "\uD800", "é", "\t", " ",
    ];

    private static Arbitrary<string> HostileText()
    {
        var fragment = Gen.Elements(Fragments);
        var anyText = ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "");
        var piece = Gen.Frequency((3, fragment), (1, anyText));
        return Gen.ListOf(piece).Select(pieces => string.Concat(pieces)).ToArbitrary();
    }

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400);

    [Fact]
    public void Reader_NeverThrows() => Check.One(Runs, Prop.ForAll(HostileText(), text => ReadsCleanly(new MimeMessageReader(), text)));

    [Fact]
    public void Scorer_ReturnsAProbabilityForAnyText() => Check.One(Runs, Prop.ForAll(HostileText(), text =>
        FixtureModel.Scorer.Score(text).Probability is >= 0 and <= 1));

    [Fact]
    public void Score_NullText_IsTheDocumentedArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => FixtureModel.Scorer.Score(null!));
        Assert.Throws<ArgumentNullException>(() => FixtureModel.Scorer.Probability(null!));
    }

    private static bool ReadsCleanly(MimeMessageReader reader, string text)
    {
        var sink = new RecordingSink();
        reader.Read(text, sink);
        return sink.AllBody.Length <= 4 * ReaderLimits.MaxInputChars;
    }
}
