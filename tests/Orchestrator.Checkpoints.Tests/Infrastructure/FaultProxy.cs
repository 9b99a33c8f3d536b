using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>
/// A real HTTP reverse proxy on a loopback port in front of a real emulator (s3rver, Azurite): every request is
/// forwarded byte for byte (Host kept, so S3 signatures still match) unless a queued <see cref="StorageFault"/>
/// applies to it. The emulators cannot throttle or drop connections; real clouds do.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive", "Expect" };
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly Uri _target;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private FaultProxy(Uri target, int port)
    {
        _target = target;
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = null;
        });
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public int Port { get; }

    /// <summary>Faults for the next requests that <see cref="Applies"/> selects, in order; others pass.</summary>
    public ConcurrentQueue<StorageFault> Faults { get; } = new();

    /// <summary>Which requests the queued faults are for (method, path); all by default.</summary>
    public Func<string, string, bool> Applies { get; set; } = (_, _) => true;

    /// <summary>Every request seen: when (since start), method, path and what was done to it.</summary>
    public ConcurrentQueue<(TimeSpan At, string Method, string Path, string Outcome)> Log { get; } = new();

    /// <summary>Applied to every request that gets no queued fault (a slow store).</summary>
    public TimeSpan ExtraLatency { get; set; }

    public static async Task<FaultProxy> StartAsync(Uri target)
    {
        var proxy = new FaultProxy(target, FreePort.Next());
        await proxy._app.StartAsync();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path + request.QueryString;
        StorageFault? fault = null;
        if (Applies(request.Method, request.Path) && Faults.TryDequeue(out var next))
        {
            fault = next;
        }

        Log.Enqueue((_clock.Elapsed, request.Method, request.Path, fault?.GetType().Name ?? "forwarded"));
        if (fault is StorageFault.Throttle throttle)
        {
            // Drain what the client sends first: a client still writing its body sees a reset, not the answer.
            await request.Body.CopyToAsync(Stream.Null);
            await ThrottleAsync(context, throttle);
            return;
        }

        var delay = fault is StorageFault.Slow slow ? slow.Delay : ExtraLatency;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, path));
        if (request.ContentLength is not null || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
        }

        using var answer = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
        if (fault is StorageFault.ResetMidBody && answer.Content.Headers.ContentLength is > 1 and var length)
        {
            var half = new byte[length / 2];
            await body.ReadExactlyAsync(half, context.RequestAborted);
            await context.Response.Body.WriteAsync(half, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return;
        }

        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task ThrottleAsync(HttpContext context, StorageFault.Throttle throttle)
    {
        context.Response.StatusCode = 503;
        if (throttle.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (throttle.Flavor == "s3")
        {
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>fault-proxy</RequestId></Error>");
        }
        else
        {
            context.Response.Headers["x-ms-error-code"] = "ServerBusy";
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>The server is busy.</Message></Error>");
        }
    }
}
