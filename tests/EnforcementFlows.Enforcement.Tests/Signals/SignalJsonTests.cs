using System.Text;
using EnforcementFlows.Enforcement.Signals;

namespace EnforcementFlows.Enforcement.Tests.Signals;

public class SignalJsonTests
{
    [Fact]
    public void Write_EveryCategory_UsesTheWireNameTheReaderAccepts()
    {
        foreach (var category in Enum.GetValues<SignalCategory>())
        {
            var flag = new DetectorFlag("f", "d", "a", category, 0.5);

            var json = Encoding.UTF8.GetString(SignalJson.Write(flag));
            var read = SignalJsonReader.ReadDetectorFlag(Encoding.UTF8.GetBytes(json));

            Assert.Contains($"\"category\":\"{category.ToWireName()}\"", json, StringComparison.Ordinal);
            Assert.Equal(flag, read.Value);
        }
    }

    [Fact]
    public void Write_UserReportAndBatch_RoundTripThroughTheReader()
    {
        var report = new UserReport("r", "u", "a", SignalCategory.SelfHarm, "text", "c", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
        DetectorFlag[] batch = [new("f1", "d", "a", SignalCategory.Malware, 1, "v2", "hash"), new("f2", "d", "a", SignalCategory.Other, 0)];

        Assert.Equal(report, SignalJsonReader.ReadUserReport(SignalJson.Write(report)).Value);
        Assert.Equal(batch, SignalJsonReader.ReadDetectorFlagBatch(SignalJson.Write(batch)).Value);
    }
}
