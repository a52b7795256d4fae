using System.Text;
using EnforcementFlows.Enforcement.Policy;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The shipped policy with spam made reviewable at every level, so one detector flag's confidence
/// picks the case's severity: 0.6 → warn (low, one approver), 0.9 → restrict for a day (medium),
/// 1.0 → ban (critical, two approvers).
/// </summary>
public static class DashboardPolicy
{
    public static string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "dashboard-policy.json");
        const string shippedSpam = """
                    { "minScore": 0.25, "outcome": "warn", "approval": "automatic" },
                    { "minScore": 0.45, "outcome": "restrict", "duration": "P1D", "approval": "automatic" },
                    { "minScore": 0.7, "outcome": "suspend", "duration": "P7D", "approval": "required" },
                    { "minScore": 0.9, "outcome": "ban", "approval": "required" }
            """;
        const string reviewableSpam = """
                    { "minScore": 0.2, "outcome": "warn", "approval": "required" },
                    { "minScore": 0.4, "outcome": "restrict", "duration": "P1D", "approval": "required" },
                    { "minScore": 0.44, "outcome": "ban", "approval": "required" }
            """;
        var policy = Encoding.UTF8.GetString(DefaultPolicy.ReadBytes());
        if (!policy.Contains(shippedSpam, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The dashboard test policy's edit no longer matches default-policy.json.");
        }
        File.WriteAllText(path, policy.Replace(shippedSpam, reviewableSpam, StringComparison.Ordinal));
        return path;
    }
}
