using System.Security.Cryptography;
using System.Text;

namespace EnforcementFlows.Enforcement.Webhooks;

/// <summary>
/// Derives the idempotency key for one side-effecting workflow task, so every retry of that task
/// carries the same key while a new execution (e.g. after a reset) gets a fresh one.
/// </summary>
public static class IdempotencyKey
{
    public const string Prefix = "efk_";

    public static string Derive(string instanceId, string executionId, string taskId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentException.ThrowIfNullOrEmpty(taskId);

        // Length prefixes keep ("a.b","c") and ("a","b.c") from colliding; no separator is safe on its own.
        var material = new StringBuilder();
        foreach (var part in new[] { instanceId, executionId, taskId })
        {
            material.Append(part.Length).Append(':').Append(part).Append(';');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString()));
        return Prefix + Convert.ToHexStringLower(hash);
    }
}
