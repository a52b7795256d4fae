namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>A y axis from 0 to a round maximum with 1-2-5 tick steps (about five ticks).</summary>
public sealed record NiceScale(double Max, double Step)
{
    /// <param name="wholeSteps">Counts: ticks at whole numbers only (no "1.5 cases").</param>
    public static NiceScale For(double dataMax, int targetTicks = 5, bool wholeSteps = false)
    {
        if (double.IsNaN(dataMax) || double.IsInfinity(dataMax) || dataMax <= 0)
        {
            return wholeSteps ? new NiceScale(1, 1) : new NiceScale(1, 0.25);
        }
        var rough = dataMax / targetTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = (rough / magnitude) switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        } * magnitude;
        if (wholeSteps)
        {
            step = Math.Max(1, step);
        }
        return new NiceScale(Math.Ceiling(dataMax / step) * step, step);
    }

    public IEnumerable<double> Ticks()
    {
        var count = (int)Math.Round(Max / Step);
        for (var i = 0; i <= count; i++)
        {
            yield return i * Step;
        }
    }
}
