namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>One named line or bar colour; <see cref="Values"/> has one entry per x label.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

public enum ChartKind
{
    Line,
    Bars,
    StackedBars,
}

/// <summary>
/// What a chart shows, independent of how it is drawn. <see cref="Id"/> must be unique on the page
/// (it names the SVG title/desc elements). <see cref="FormatValue"/> formats axis ticks and table cells.
/// </summary>
public sealed record ChartData(string Id, string Title, string Description, string XAxisLabel, string YAxisLabel,
    IReadOnlyList<string> XLabels, IReadOnlyList<ChartSeries> Series, ChartKind Kind = ChartKind.Line)
{
    /// <summary>Fixed top of the y axis (1.0 for rates); null: from the data.</summary>
    public double? YMax { get; init; }

    public Func<double, string> FormatValue { get; init; } = ValueFormats.Count;

    /// <summary>
    /// Nothing to draw: no values, or only gaps (NaN). On a count chart (no fixed <see cref="YMax"/>) all zeros
    /// also means nothing happened; on a rate chart 0% is a value.
    /// </summary>
    public bool IsEmpty => XLabels.Count == 0 || Series.Count == 0
        || Series.All(s => s.Values.All(v => double.IsNaN(v) || YMax is null && v == 0));
}
