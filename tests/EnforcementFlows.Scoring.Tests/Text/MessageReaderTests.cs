using EnforcementFlows.Scoring.Data;
using EnforcementFlows.Scoring.Text;

namespace EnforcementFlows.Scoring.Tests.Text;

/// <summary>What the message reader (MimeKit + AngleSharp) must do with real and awkward mail.</summary>
public class MessageReaderTests
{
    private static RecordingSink Read(string message) => RecordingSink.Read(message);

    [Fact]
    public void Read_PlainReportText_IsOneBodyWithoutHeaders()
    {
        var sink = Read("Note: this user keeps posting links.\nSecond line of the report.");

        Assert.Empty(sink.Headers);
        Assert.Equal("Note: this user keeps posting links.\nSecond line of the report.", sink.AllBody);
    }

    [Fact]
    public void Read_SimpleEmail_ForwardsHeadersAndBody()
    {
        var sink = Read("From: a@example.org\r\nSubject: Hello\r\n  folded part\r\n\r\nBody text\r\n");

        Assert.Contains(("From", "a@example.org"), sink.Headers);
        var subject = Assert.Single(sink.Headers, h => h.Name == "Subject");
        Assert.Contains("folded part", subject.Value);
        Assert.Equal("Body text", sink.AllBody.TrimEnd()); // line endings carry no words
    }

    [Fact]
    public void Read_MultipartFixture_DecodesEveryTextPartAndNamesAttachments()
    {
        var sink = Read(Fixture.Text("multipart.eml"));

        Assert.Contains("softbreak and an accent: café.", sink.AllBody); // quoted-printable soft break joined, Latin-1 decoded
        Assert.Contains("Html part & more", sink.AllBody);                // base64, HTML stripped, entity decoded
        Assert.Contains("http://click.tracker.example.net/path", sink.AllBody); // link target kept
        Assert.DoesNotContain("hiddenScript", sink.AllBody);
        Assert.DoesNotContain("color: white", sink.AllBody);
        Assert.DoesNotContain("preamble", sink.AllBody);
        Assert.DoesNotContain("Epilogue", sink.AllBody);
        Assert.Contains("part:image/gif", sink.Markers);
        Assert.Contains("mime:multipart/alternative", sink.Markers);
    }

    [Fact]
    public void Read_EncodedWordSubject_IsDecoded()
    {
        var sink = Read(Fixture.Text("multipart.eml"));

        Assert.Contains(("Subject", "Café offer for you"), sink.Headers);
    }

    [Fact]
    public void Read_Base64EncodedWordInUtf8_IsDecoded()
    {
        var sink = Read("Subject: =?UTF-8?B?w5xiZXJ3ZWlzdW5n?=\nFrom: x@example.org\n\nbody");

        Assert.Contains(("Subject", "Überweisung"), sink.Headers);
    }

    [Fact]
    public void Read_NestedForwardedMessage_ReadsInnerBody()
    {
        var message = "From: a@example.org\nContent-Type: multipart/mixed; boundary=outer\n\n--outer\nContent-Type: message/rfc822\n\n"
            + "From: inner@example.net\nSubject: inner\n\nInner body words\n--outer--\n";

        Assert.Contains("Inner body words", Read(message).AllBody);
    }

    [Fact]
    public void Read_MalformedBase64_DoesNotThrowAndKeepsValidPrefix()
    {
        var message = "From: a@example.org\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\naGVsbG8gd29ybGQ*%$#@!\n";

        // Complete base64 quanta before the junk decode; a reader may drop the unpadded tail ("ld").
        Assert.Contains("hello wor", Read(message).AllBody);
    }

    [Fact]
    public void Read_CodePageCharset_IsDecodedWithThatCodePage()
    {
        // koi8-r is not built into .NET: the reader registers the code-pages provider, so the
        // features never depend on whether something else in the process did.
        byte[] koi8r = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4];
        var message = "From: a@example.org\nContent-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: base64\n\n" + Convert.ToBase64String(koi8r) + "\n";

        Assert.Contains("Привет", Read(message).AllBody);
    }

    [Fact]
    public void Read_HtmlWithoutContentType_IsStripped()
    {
        var sink = Read("<html><body><b>Fr</b>ee &#36;100 <font color=red>now</font></body></html>");

        Assert.Contains("Free $100 now", sink.AllBody);
        Assert.DoesNotContain("<", sink.AllBody);
    }

    [Fact]
    public void Read_HugeInput_ReadsOnlyTheBoundedPrefix()
    {
        var huge = "From: a@example.org\nSubject: big\n\n" + new string('x', 5_000_000) + " tailword";

        var sink = Read(huge);

        Assert.True(sink.AllBody.Length <= ReaderLimits.MaxInputChars);
        Assert.DoesNotContain("tailword", sink.AllBody);
    }

    [Fact]
    public void Read_DeeplyNestedMultipart_StopsAtTheDepthLimit()
    {
        var message = "From: a@example.org\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n")) + "\ndeep text\n";

        var exception = Record.Exception(() => Read(message));

        Assert.Null(exception);
    }

    [Fact]
    public void Read_UnknownCharset_FallsBackWithoutThrowing()
    {
        var message = "From: a@example.org\nContent-Type: text/plain; charset=x-bogus-42\nContent-Transfer-Encoding: quoted-printable\n\nplain =41 text\n";

        Assert.Contains("plain A text", Read(message).AllBody);
    }

    [Fact]
    public void DecodeUnknown_InvalidUtf8_FallsBackToLatin1()
    {
        byte[] latin1 = [0x63, 0x61, 0x66, 0xE9, 0x20, 0x80]; // "café" + a stray C1 byte: not valid UTF-8

        Assert.Equal("café \u0080", UnknownEncoding.Decode(latin1));
    }

    [Fact]
    public void DecodeUnknown_ValidUtf8_IsDecodedAsUtf8()
    {
        Assert.Equal("café", UnknownEncoding.Decode("café"u8));
    }
}
