using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EnforcementFlows.App.Transparency;

/// <summary>What the Database answered to one batch.</summary>
internal abstract record SubmitResult
{
    /// <summary>201: every statement of the batch was created.</summary>
    public sealed record Created : SubmitResult;

    /// <summary>422 with <c>errors.existing_puids</c>: these puids exist already (an earlier call did create them); nothing was created.</summary>
    public sealed record Duplicates(IReadOnlyList<string> Puids) : SubmitResult;

    /// <summary>422 with <c>errors.statement_N</c>: the statements at these positions are invalid (field errors as JSON); nothing was created.</summary>
    public sealed record Invalid(IReadOnlyDictionary<int, string> Errors) : SubmitResult;

    /// <summary>429: wait this long (Retry-After, else a default).</summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : SubmitResult;

    /// <summary>Anything else: nothing was created; retry later.</summary>
    public sealed record Failed(string Reason) : SubmitResult;
}

/// <summary>
/// Posts batches to the Database's multiple-statements endpoint with the bearer token. The token goes only into the Authorization
/// header; no log line or error text carries it, nor a statement (the answer's bodies are parsed, not echoed).
/// </summary>
internal sealed class TransparencyDatabaseClient(HttpClient http, Uri baseUrl, string token, TimeProvider time)
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    public async Task<SubmitResult> SubmitAsync(JsonArray statements, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "api/v1/statements"))
        {
            Content = new StringContent(new JsonObject { ["statements"] = statements }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new SubmitResult.Failed(ex is TaskCanceledException ? "timed out" : "unreachable: " + ex.GetType().Name);
        }
        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    return new SubmitResult.Created();
                case HttpStatusCode.TooManyRequests:
                    return new SubmitResult.RateLimited(RetryAfter(response.Headers.RetryAfter));
                case HttpStatusCode.UnprocessableEntity:
                    return Unprocessable(await response.Content.ReadAsStringAsync(ct));
                default:
                    return new SubmitResult.Failed($"answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
    }

    private TimeSpan RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : DefaultRetryAfter);
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }

    private static SubmitResult Unprocessable(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
            {
                return new SubmitResult.Failed("answered 422 without errors");
            }
            if (errors.TryGetProperty("existing_puids", out var existing) && existing.ValueKind == JsonValueKind.Array)
            {
                return new SubmitResult.Duplicates([.. existing.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!)]);
            }
            var invalid = new Dictionary<int, string>();
            foreach (var item in errors.EnumerateObject())
            {
                if (item.Name.StartsWith("statement_", StringComparison.Ordinal) && int.TryParse(item.Name["statement_".Length..], out var index))
                {
                    invalid[index] = item.Value.GetRawText();
                }
            }
            return invalid.Count > 0 ? new SubmitResult.Invalid(invalid) : new SubmitResult.Failed("answered 422: " + string.Join(", ", errors.EnumerateObject().Select(e => e.Name)));
        }
        catch (JsonException)
        {
            return new SubmitResult.Failed("answered 422 with a body that is not JSON");
        }
    }
}
