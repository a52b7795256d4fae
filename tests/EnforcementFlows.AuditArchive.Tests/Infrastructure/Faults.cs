using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>
/// Sits under the SDK's transport as the HttpClient's handler: answers the first <paramref name="failures"/>
/// requests (of those <paramref name="only"/> selects; default all) with 503 (and an optional Retry-After) without
/// forwarding them, then forwards everything to the real server. <see cref="Requests"/> counts the selected ones.
/// </summary>
public sealed class ServiceUnavailableHandler(int failures, TimeSpan? retryAfter = null, Func<HttpRequestMessage, bool>? only = null) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _seen;

    public int Requests => Volatile.Read(ref _seen);

    public int Failed { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (only is not null && !only(request))
        {
            return base.SendAsync(request, cancellationToken);
        }
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

/// <summary>Flips one byte of the first request body or response body that <paramref name="when"/> selects: damage in transit.</summary>
public sealed class CorruptingHandler(Func<HttpRequestMessage, bool> when, bool response) : DelegatingHandler(new SocketsHttpHandler())
{
    public bool Corrupted { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var hit = !Corrupted && when(request);
        if (hit && !response && request.Content is { } body)
        {
            request.Content = await FlippedAsync(body, cancellationToken);
            Corrupted = true;
        }
        var answer = await base.SendAsync(request, cancellationToken);
        if (hit && response && answer.IsSuccessStatusCode)
        {
            answer.Content = await FlippedAsync(answer.Content, cancellationToken);
            Corrupted = true;
        }
        return answer;
    }

    private static async Task<HttpContent> FlippedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        bytes[bytes.Length / 2] ^= 0x20;
        var flipped = new ByteArrayContent(bytes);
        foreach (var header in content.Headers)
        {
            flipped.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return flipped;
    }
}

/// <summary>Forwards everything and remembers each request's method, path and headers (to check what the SDK sent).</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<(HttpMethod Method, string Path, Dictionary<string, string> Headers)> _requests = [];

    public IReadOnlyList<(HttpMethod Method, string Path, Dictionary<string, string> Headers)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers.AsEnumerable() ?? []).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!.AbsolutePath, headers));
        }
        return base.SendAsync(request, cancellationToken);
    }
}
