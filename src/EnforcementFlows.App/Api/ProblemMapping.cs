using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EnforcementFlows.App.Api;

/// <summary>A client error found inside a handler; becomes a 400 problem.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>Maps known exceptions to RFC 9457 problem details; anything else is a 500 without a stack trace.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            Workflows.WorkflowInstanceNotFoundException => (StatusCodes.Status404NotFound, "Instance not found"),
            BadRequestException or ArgumentException or BadHttpRequestException or System.Text.Json.JsonException
                => (StatusCodes.Status400BadRequest, "Bad request"),
            // An operation the running workflow engine or its task hub backend does not offer (it says which).
            NotSupportedException => (StatusCodes.Status501NotImplemented, "Not supported here"),
            _ when StoreUnavailable.Is(exception) => (StatusCodes.Status503ServiceUnavailable, "Store unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = title,
                // Internal errors say nothing about internals; client errors say what was wrong.
                Detail = status switch
                {
                    500 => "The error was logged; see the service log for its trace id.",
                    503 => "The database cannot be reached; nothing was recorded. Retry later.",
                    _ => exception.Message,
                },
            },
        });
    }
}
