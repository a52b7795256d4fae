using EnforcementFlows.App.Email;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Tests.Email;

public sealed class ApprovalEmailRendererTests
{
    [Fact]
    public void Both_bodies_show_the_case_facts_with_the_expiry_in_utc()
    {
        var email = SampleApprovalEmails.Create();
        var rendered = ApprovalEmailRenderer.Render(email);
        foreach (var body in new[] { rendered.Text, rendered.Html })
        {
            Assert.Contains("case-7f3a", body);
            Assert.Contains("acct-4711", body);
            Assert.Contains("spam", body);
            Assert.Contains("0.87", body);
            Assert.Contains("text classifier: 0.52", body);
            Assert.Contains("3 distinct reporters: 0.25", body);
            Assert.Contains("suspend for 7 days", body);
            Assert.Contains("2026-12-01 09:30 UTC", body); // 11:30 at +02:00
            Assert.Contains("Buy cheap pills now!!!", body);
        }
    }

    [Fact]
    public void Both_links_are_labelled_in_the_text_and_are_the_only_links_in_the_html()
    {
        var email = SampleApprovalEmails.Create();
        var rendered = ApprovalEmailRenderer.Render(email);
        Assert.Contains($"APPROVE: {email.ApproveUrl.AbsoluteUri}", rendered.Text);
        Assert.Contains($"REJECT:  {email.RejectUrl.AbsoluteUri}", rendered.Text);
        Assert.Matches($"<a href=\"{Escape(email.ApproveUrl.AbsoluteUri)}\"[^>]*>Approve</a>", rendered.Html);
        Assert.Matches($"<a href=\"{Escape(email.RejectUrl.AbsoluteUri)}\"[^>]*>Reject</a>", rendered.Html);
        Assert.Equal(2, CountOf(rendered.Html, "href="));
    }

    [Fact]
    public void A_query_string_ampersand_is_attribute_escaped_in_the_html_and_left_alone_in_the_text()
    {
        var email = SampleApprovalEmails.Create() with { ApproveUrl = new Uri("https://enforcement.example/approvals/approve?case=case-7f3a&token=abc") };
        var rendered = ApprovalEmailRenderer.Render(email);
        Assert.Contains("href=\"https://enforcement.example/approvals/approve?case=case-7f3a&amp;token=abc\"", rendered.Html);
        Assert.Contains("APPROVE: https://enforcement.example/approvals/approve?case=case-7f3a&token=abc", rendered.Text);
    }

    [Fact]
    public void Evidence_is_html_escaped_and_the_html_has_no_script_image_or_outside_resource()
    {
        var hostile = "<script>alert('pwned')</script><img src=\"http://tracker.example/pixel.png\"> & \"quotes\"";
        var rendered = ApprovalEmailRenderer.Render(SampleApprovalEmails.Create(evidence: [hostile]));
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;&lt;img src=&quot;http://tracker.example/pixel.png&quot;&gt; &amp; &quot;quotes&quot;", rendered.Html);
        Assert.DoesNotContain("<script", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(hostile, rendered.Text); // plain text needs no escaping: it is quoted instead
        Assert.Contains("  > <script>", rendered.Text);
    }

    [Fact]
    public void Long_excerpts_are_truncated_with_an_ellipsis()
    {
        var excerpt = new string('a', ApprovalEmailRenderer.MaxExcerptLength) + new string('z', 1500);
        var rendered = ApprovalEmailRenderer.Render(SampleApprovalEmails.Create(evidence: [excerpt]));
        foreach (var body in new[] { rendered.Text, rendered.Html })
        {
            Assert.Contains(new string('a', ApprovalEmailRenderer.MaxExcerptLength) + "…", body);
            Assert.DoesNotContain("az", body);
        }
    }

    [Fact]
    public void A_truncated_excerpt_never_ends_in_half_a_surrogate_pair()
    {
        var excerpt = new string('a', ApprovalEmailRenderer.MaxExcerptLength - 1) + "😀" + new string('a', 100);
        var truncated = ApprovalEmailRenderer.Truncate(excerpt);
        Assert.False(char.IsHighSurrogate(truncated[^2]));
        Assert.EndsWith("…", truncated);
    }

    [Theory]
    [InlineData(ApprovalEmailKind.Request, "Approval needed: suspend account acct-4711 (spam, case case-7f3a)", "A case needs your approval")]
    [InlineData(ApprovalEmailKind.Reminder, "[Reminder] Approval needed: suspend account acct-4711 (spam, case case-7f3a)", "Reminder: a case still needs your approval")]
    [InlineData(ApprovalEmailKind.Escalation, "[Escalated] Approval needed: suspend account acct-4711 (spam, case case-7f3a)", "Escalated: a case needs your approval")]
    public void Subject_and_heading_say_which_kind_of_email_it_is(ApprovalEmailKind kind, string subject, string heading)
    {
        var rendered = ApprovalEmailRenderer.Render(SampleApprovalEmails.Create(kind: kind));
        Assert.Equal(subject, rendered.Subject);
        Assert.StartsWith(heading, rendered.Text);
        Assert.Contains($"<h1 style=\"font-size:20px;margin:0 0 12px\">{heading}</h1>", rendered.Html);
    }

    [Fact]
    public void Without_a_duration_the_action_stands_alone()
    {
        var rendered = ApprovalEmailRenderer.Render(SampleApprovalEmails.Create() with { ProposedAction = "warn", Duration = null });
        Assert.Contains("Proposed:    warn\n", rendered.Text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("warn for", rendered.Html);
    }

    [Fact]
    public void Line_breaks_in_outside_values_cannot_break_the_subject_header()
    {
        var rendered = ApprovalEmailRenderer.Render(SampleApprovalEmails.Create() with { AccountId = "acct-1\r\nBcc: everyone@example.com" });
        Assert.DoesNotContain('\r', rendered.Subject);
        Assert.DoesNotContain('\n', rendered.Subject);
    }

    [Fact]
    public void A_link_that_is_not_http_is_refused()
    {
        var email = SampleApprovalEmails.Create() with { RejectUrl = new Uri("javascript:alert(1)") };
        Assert.Throws<ArgumentException>(() => ApprovalEmailRenderer.Render(email));
    }

    private static string Escape(string url) => System.Text.RegularExpressions.Regex.Escape(url);

    private static int CountOf(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
