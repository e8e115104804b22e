using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Api;

/// <summary>Turns the service's typed failures into the contract's error bodies.</summary>
public sealed class ApiRequestFilter(OpsMetrics metrics, ILogger<ApiRequestFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ApiProblem p)
        {
            return ApiErrors.From(p);
        }
        catch (RequestValidationException v)
        {
            metrics.Error("validation");
            return ApiErrors.Validation(v.Errors);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            // The database is locked by another process or the disk is full: 503, and it clears by itself.
            metrics.Error("database");
            logger.LogWarning("Database fault in {Path}: {Fault}", context.HttpContext.Request.Path, fault.Detail);
            return ApiErrors.From(fault.Problem("The request could not be completed"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.Error("internal");
            logger.LogError(ex, "Unhandled error in {Path}", context.HttpContext.Request.Path);
            return ApiErrors.Problem(500, "Internal Server Error",
                "The gateway hit an internal error; the session record and its history are kept. Details are in the gateway log (trace id " +
                context.HttpContext.TraceIdentifier + ").");
        }
    }

    /// <summary>Reads the body as JSON with the contract's limits: empty = {}, too large = 413, malformed or not UTF-8 = 400.</summary>
    public static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            throw TooLarge(request.ContentLength.Value);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > RequestLimits.MaxBodyBytes)
            {
                throw TooLarge(buffer.Length);
            }
        }
        var bytes = buffer.ToArray();
        if (bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }
        if (!Utf8.IsValid(bytes))
        {
            throw NotUtf8(bytes);
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement.Clone();
            if (FirstBadString(root) is { } where)
            {
                throw ApiProblem.BadRequest(
                    $"The request body is not valid UTF-8 JSON: the string at {where} has an escape (\\uD800-\\uDFFF) that is half of a surrogate pair, " +
                    "which is no character. Send the text itself, UTF-8 encoded, or both halves of the pair.");
            }
            return root;
        }
        catch (JsonException ex)
        {
            throw ApiProblem.BadRequest(
                $"The request body is not valid JSON ({ex.Message.Split('.')[0]}, line {ex.LineNumber + 1}, position {ex.BytePositionInLine}). " +
                "Send a JSON object such as {\"cmd\": \"click \\\"Sign in\\\"\"} with Content-Type: application/json.");
        }
    }

    private static ApiProblem NotUtf8(byte[] bytes)
    {
        var offset = 0;
        while (offset < bytes.Length && Rune.DecodeFromUtf8(bytes.AsSpan(offset), out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }
        var at = offset < bytes.Length ? $"byte {offset} (0x{bytes[offset]:X2}) does not start or continue a UTF-8 character" : "it ends inside a character";
        return ApiProblem.BadRequest(
            $"The request body is not valid UTF-8 JSON: {at}. Send the body encoded as UTF-8 (Content-Type: application/json; charset=utf-8).");
    }

    /// <summary>Where a string or property name holds a lone surrogate escape (which cannot be read as text), or null.</summary>
    private static string? FirstBadString(JsonElement e, string path = "body")
    {
        try
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    _ = e.GetString();
                    return null;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        if (FirstBadString(p.Value, $"{path}.{p.Name}") is { } inner)
                        {
                            return inner;
                        }
                    }
                    return null;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in e.EnumerateArray())
                    {
                        if (FirstBadString(item, $"{path}[{i++}]") is { } inner)
                        {
                            return inner;
                        }
                    }
                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path;
        }
    }

    private static ApiProblem TooLarge(long size) => new(413, "Payload Too Large",
        $"The request body is {size} bytes; the limit is {RequestLimits.MaxBodyBytes} bytes. Shorten the cmd or schema.");
}
