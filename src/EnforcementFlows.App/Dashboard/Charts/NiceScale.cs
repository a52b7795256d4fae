namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>A y axis from 0 to a round maximum with 1-2-5 tick steps (about five ticks).</summary>
public sealed record NiceScale(double Max, double Step)
{
    public static NiceScale For(double dataMax, int targetTicks = 5)
    {
        if (double.IsNaN(dataMax) || double.IsInfinity(dataMax) || dataMax <= 0)
        {
            return new NiceScale(1, 0.25);
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
