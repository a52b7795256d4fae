namespace EnforcementFlows.App.Dashboard.Charts;

/// <summary>Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.</summary>
internal static class Palette
{
    private static readonly string[] Colors = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    public static string For(int seriesIndex) => Colors[seriesIndex % Colors.Length];
}
