using System.Threading.Channels;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Intake;

/// <summary>
/// Commits concurrent small webhooks together: each loop takes every webhook waiting when it comes
/// round and accepts them in one transaction, so under load a few statements serve dozens of
/// requests, and a lone request waits for nobody. Each request still gets its own outcome, after
/// the commit; if the shared transaction fails, the webhooks are accepted one at a time, so a bad
/// one fails alone.
/// </summary>
public sealed class IntakeBatcher : IAsyncDisposable
{
    /// <summary>Webhooks with more signals than this skip the batch (they are a batch of their own).</summary>
    public const int MaxSignalsPerWebhook = 10;
    private const int MaxWebhooksPerBatch = 100;
    // Several loops keep the writer busy while a batch commits; each batch is one writer operation.
    private const int Loops = 4;

    private readonly SignalIntake _intake;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _loops;

    public IntakeBatcher(SignalIntake intake)
    {
        _intake = intake;
        _loops = Enumerable.Range(0, Loops).Select(_ => Task.Run(LoopAsync)).ToArray();
    }

    public Task<IntakeOutcome> AcceptAsync(IntakeWebhook webhook, CancellationToken cancellation)
    {
        if (webhook.Signals.Count > MaxSignalsPerWebhook)
        {
            return _intake.AcceptAsync(webhook, cancellation);
        }
        var pending = new Pending(webhook);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(IntakeBatcher));
        }
        // A client that goes away stops waiting; its webhook is still committed (or not) with its batch.
        return pending.Outcome.Task.WaitAsync(cancellation);
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxWebhooksPerBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count > 0)
            {
                await AcceptAsync(batch);
            }
        }
    }

    private async Task AcceptAsync(List<Pending> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                var outcomes = await _intake.AcceptAsync(batch.Select(p => p.Webhook).ToList(), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
                return;
            }
            catch (Exception)
            {
                // Nothing of the batch was kept; one at a time, each webhook gets its own outcome or error.
            }
        }
        await Task.WhenAll(batch.Select(async pending =>
        {
            try
            {
                pending.Outcome.TrySetResult(await _intake.AcceptAsync(pending.Webhook, CancellationToken.None));
            }
            catch (Exception ex)
            {
                pending.Outcome.TrySetException(ex);
            }
        }));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops);
    }

    private sealed record Pending(IntakeWebhook Webhook)
    {
        public TaskCompletionSource<IntakeOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
