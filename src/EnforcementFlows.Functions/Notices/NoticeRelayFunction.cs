using EnforcementFlows.App.Transparency;
using Microsoft.Azure.Functions.Worker;

namespace EnforcementFlows.Functions.Notices;

/// <summary>
/// Delivers the queued outcome notices (reporters' and accounts') to the platform's webhook: the self-host's
/// <see cref="NoticeDelivery"/> pass, signed the same way under the same <c>outcome-notices</c> lease, so a self-host
/// sharing the database never delivers at the same time. Without a webhook (built-in account store) it does nothing.
/// </summary>
public sealed class NoticeRelayFunction(NoticeDelivery delivery)
{
    public const string Name = "NoticeRelay";

    /// <summary>The schedule's binding expression: app setting NoticeRelaySchedule (default every 5 seconds, see FunctionSchedules).</summary>
    public const string Schedule = "%" + Hosting.FunctionSchedules.NoticeRelaySetting + "%";

    /// <summary>Passes per invocation: a backlog drains in bounded runs, each well inside the lease.</summary>
    public const int MaxPasses = 20;

    /// <summary>The notices sent by this invocation.</summary>
    [Function(Name)]
    public async Task<int> Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellation)
    {
        var sent = 0;
        for (var pass = 0; pass < MaxPasses && delivery.Configured; pass++)
        {
            // Renewed per pass (taking a held lease renews it); another holder means another process delivers.
            var result = await delivery.RunOnceAsync(cancellation);
            sent += result.Sent;
            // A short batch means the due ones are done; failed ones wait for their retry time, not the next pass.
            if (!result.Leased || result.Sent + result.Failed < NoticeDelivery.BatchSize)
            {
                break;
            }
        }
        return sent;
    }
}
