using System.Globalization;
using System.Xml.Linq;
using EnforcementFlows.App.Dashboard.Charts;

namespace EnforcementFlows.App.Tests.Dashboard.Charts;

public sealed class ChartSvgTests
{
    private static readonly XNamespace S = "http://www.w3.org/2000/svg";

    private static ChartData Sample(ChartKind kind, params ChartSeries[] series)
        => new("sample", "Sample chart", "A chart for tests.", "hour", "count", ["00:00", "01:00", "02:00", "03:00"], series, kind);

    [Theory]
    [InlineData(ChartKind.Line)]
    [InlineData(ChartKind.Bars)]
    [InlineData(ChartKind.StackedBars)]
    public void Every_kind_renders_svg_that_parses_with_an_accessible_name_title_and_description(ChartKind kind)
    {
        var svg = XElement.Parse(ChartSvg.Render(Sample(kind, new ChartSeries("a", [1, 2, 3, 4]), new ChartSeries("b", [4, 3, 2, 1]))));

        Assert.Equal(S + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Sample chart", (string?)svg.Attribute("aria-label"));
        Assert.Equal("sample-title sample-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Sample chart", svg.Element(S + "title")?.Value);
        Assert.Equal("A chart for tests.", svg.Element(S + "desc")?.Value);
        Assert.Empty(svg.Descendants(S + "script"));
        Assert.Empty(svg.Descendants(S + "style"));
        Assert.DoesNotContain(svg.DescendantsAndSelf(), e => e.Attribute("style") is not null);
    }

    [Fact]
    public void Bars_are_scaled_to_the_axis_maximum()
    {
        var svg = XElement.Parse(ChartSvg.Render(Sample(ChartKind.Bars, new ChartSeries("n", [5, 10, 0, 2.5]))));
        // Data max 10 → nice scale 0..10; bar heights are proportional (the plot is 196 px tall).
        var heights = svg.Elements(S + "rect").Where(r => r.Element(S + "title") is not null)
            .Select(r => double.Parse((string)r.Attribute("height")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, heights.Count); // the zero bar is not drawn
        Assert.Equal(196, heights[1], 0.5);
        Assert.Equal(heights[1] / 2, heights[0], 0.5);
        Assert.Equal(heights[1] / 4, heights[2], 0.5);
    }

    [Fact]
    public void Stacked_bars_stack_on_each_other()
    {
        var svg = XElement.Parse(ChartSvg.Render(Sample(ChartKind.StackedBars, new ChartSeries("a", [1, 0, 0, 0]), new ChartSeries("b", [3, 0, 0, 0]))));
        var bars = svg.Elements(S + "rect").Where(r => r.Element(S + "title") is not null).ToList();
        Assert.Equal(2, bars.Count);
        double Y(XElement r) => double.Parse((string)r.Attribute("y")!, CultureInfo.InvariantCulture);
        double H(XElement r) => double.Parse((string)r.Attribute("height")!, CultureInfo.InvariantCulture);
        Assert.Equal(Y(bars[0]), Y(bars[1]) + H(bars[1]), 0.5); // b sits on top of a
        Assert.Equal(3 * H(bars[0]), H(bars[1]), 0.5);
    }

    [Fact]
    public void Empty_data_renders_a_valid_svg_saying_so()
    {
        foreach (var data in new[]
        {
            new ChartData("e1", "Empty", "Nothing.", "x", "y", [], []),
            Sample(ChartKind.Line, new ChartSeries("zero", [0, 0, 0, 0])),
            Sample(ChartKind.Bars),
        })
        {
            var svg = XElement.Parse(ChartSvg.Render(data));
            Assert.Contains(svg.Elements(S + "text"), t => t.Value == ChartSvg.NoDataMessage);
            Assert.Empty(svg.Elements(S + "polyline"));
        }
    }

    [Fact]
    public void Labels_titles_and_series_names_are_escaped()
    {
        const string hostile = "<script>alert(\"x\")</script> & 'q'\u0001";
        var data = new ChartData("x\"><script>", hostile, hostile, hostile, hostile, [hostile, "b"], [new ChartSeries(hostile, [1, 2])], ChartKind.Bars);
        var text = ChartSvg.Render(data);
        var svg = XElement.Parse(text);

        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(svg.Descendants(S + "script"));
        Assert.Equal("<script>alert(\"x\")</script> & 'q'", svg.Element(S + "title")?.Value);
        Assert.Contains(svg.Descendants(S + "text"), t => t.Value == "<script>alert(\"x\")</script> & 'q'");
        var figure = ChartFigure.Render(data);
        Assert.DoesNotContain("<script", figure, StringComparison.OrdinalIgnoreCase);
        XElement.Parse(figure); // the figure, table included, is well-formed too
    }

    [Fact]
    public void Gaps_in_a_line_are_skipped_and_rates_use_a_fixed_axis()
    {
        var data = Sample(ChartKind.Line, new ChartSeries("rate", [0.5, double.NaN, 1, 0.25])) with { YMax = 1, FormatValue = ValueFormats.Percent };
        var svg = XElement.Parse(ChartSvg.Render(data));
        Assert.Equal(3, svg.Elements(S + "circle").Count());
        Assert.Contains(svg.Elements(S + "text"), t => t.Value == "100%");
        Assert.Contains("–", ChartFigure.Table(data), StringComparison.Ordinal); // NaN in the table
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(7, 8)]
    [InlineData(10, 10)]
    [InlineData(23, 25)]
    [InlineData(0.3, 0.3)]
    [InlineData(1234, 1500)]
    public void Nice_scales_round_up_to_1_2_5_steps(double dataMax, double expectedMax)
    {
        var scale = NiceScale.For(dataMax);
        Assert.Equal(expectedMax, scale.Max, 6);
        Assert.True(scale.Max >= dataMax);
        Assert.InRange(scale.Ticks().Count(), 2, 11);
    }

    [Fact]
    public void Count_axes_tick_at_whole_numbers_and_a_zero_rate_is_still_data()
    {
        var counts = XElement.Parse(ChartSvg.Render(Sample(ChartKind.Line, new ChartSeries("waiting", [0, 1, 2, 1]))));
        var ticks = counts.Elements(S + "text").Where(t => (string?)t.Attribute("text-anchor") == "end").Select(t => t.Value).ToList();
        Assert.Equal(["0", "1", "2"], ticks);

        var rates = Sample(ChartKind.Line, new ChartSeries("reversal rate", [double.NaN, 0, double.NaN, 0])) with { YMax = 1, FormatValue = ValueFormats.Percent };
        Assert.False(rates.IsEmpty);
        Assert.DoesNotContain(ChartSvg.NoDataMessage, ChartSvg.Render(rates), StringComparison.Ordinal);
    }
}
