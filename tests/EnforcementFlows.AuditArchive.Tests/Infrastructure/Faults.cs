using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>
/// Sits under Azure.Core's transport as the HttpClient's handler: answers the first <paramref name="failures"/>
/// requests with 503 (and an optional Retry-After) without forwarding them, then forwards everything to the real server.
/// </summary>
public sealed class ServiceUnavailableHandler(int failures, TimeSpan? retryAfter = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _seen;

    public int Requests => Volatile.Read(ref _seen);

    public int Failed { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _seen) <= failures)
        {
            Failed++;
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("busy") };
            if (retryAfter is { } wait)
            {
                response.Headers.Add("Retry-After", ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return Task.FromResult(response);
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The process "dies" (throws, no retry) on the first request matching <paramref name="when"/>: a crash at that point of a sealing run.</summary>
public sealed class CrashPolicy(Func<Request, bool> when) : HttpPipelineSynchronousPolicy
{
    public bool Crashed { get; private set; }

    public override void OnSendingRequest(HttpMessage message)
    {
        if (!Crashed && when(message.Request))
        {
            Crashed = true;
            throw new SimulatedCrashException();
        }
    }
}

public sealed class SimulatedCrashException() : Exception("simulated crash");
