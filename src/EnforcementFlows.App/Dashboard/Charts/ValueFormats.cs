using System.Globalization;

namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>How numbers read on axes and in data tables (invariant culture, short).</summary>
public static class ValueFormats
{
    public static string Count(double value) => double.IsNaN(value) ? "–" : value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => double.IsNaN(fraction) ? "–" : (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A duration given in seconds: "45s", "12m", "3.5h", "2d".</summary>
    public static string Duration(double seconds) => double.IsNaN(seconds) ? "–" : seconds switch
    {
        < 60 => seconds.ToString("0", CultureInfo.InvariantCulture) + "s",
        < 3600 => (seconds / 60).ToString("0.#", CultureInfo.InvariantCulture) + "m",
        < 86400 => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + "h",
        _ => (seconds / 86400).ToString("0.#", CultureInfo.InvariantCulture) + "d",
    };
}
