using Orchestrator.Sandbox.Http;

namespace Orchestrator.Sandbox;

/// <summary>
/// Makes the emulated API server misbehave on purpose: added latency, failures at a rate per verb and
/// resource, and dropped watches. Verbs are Kubernetes verbs (get, list, watch, create, update, patch,
/// delete, deletecollection); resources are plural names ("pods", "trainingruns"); null matches any.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly TimeProvider _time;
    private readonly Random _random;

    internal FaultInjector(TimeProvider time, Random random)
    {
        _time = time;
        _random = random;
    }

    internal event Action<string?>? WatchesDropped;

    /// <summary>Delays every matching request by <paramref name="delay"/>.</summary>
    public void AddLatency(TimeSpan delay, string? verb = null, string? resource = null) =>
        Add(new Rule(verb, resource, delay, 0, 0, null));

    /// <summary>Fails a fraction (0..1) of matching requests with <paramref name="statusCode"/> (429, 500, 503...).</summary>
    public void FailRate(double rate, int statusCode = 500, string? verb = null, string? resource = null) =>
        Add(new Rule(verb, resource, TimeSpan.Zero, rate, statusCode, null));

    /// <summary>Fails the next <paramref name="count"/> matching requests with <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, int statusCode = 500, string? verb = null, string? resource = null) =>
        Add(new Rule(verb, resource, TimeSpan.Zero, 1, statusCode, count));

    /// <summary>Ends every open watch (of <paramref name="resource"/>, or all) now, as a dropped connection would.</summary>
    public void DropWatches(string? resource = null) => WatchesDropped?.Invoke(resource);

    /// <summary>Removes every latency and failure rule.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal async ValueTask ApplyAsync(string verb, string resource, CancellationToken ct)
    {
        var delay = TimeSpan.Zero;
        int? failWith = null;
        lock (_gate)
        {
            foreach (var rule in _rules.Where(r => r.Matches(verb, resource)).ToList())
            {
                delay += rule.Latency;
                if (failWith is null && rule.Rate > 0 && _random.NextDouble() < rule.Rate)
                {
                    failWith = rule.StatusCode;
                    if (rule.Remaining is { } left)
                    {
                        _rules.Remove(rule);
                        if (left > 1)
                        {
                            _rules.Add(rule with { Remaining = left - 1 });
                        }
                    }
                }
            }
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, ct);
        }

        if (failWith is { } code)
        {
            throw code switch
            {
                429 => new ApiException(429, "TooManyRequests", "injected fault: too many requests, please try again later"),
                409 => new ApiException(409, "Conflict", $"injected fault: conflict on {resource}"),
                504 => new ApiException(504, "Timeout", "injected fault: timeout"),
                503 => new ApiException(503, "ServiceUnavailable", "injected fault: service unavailable"),
                _ => new ApiException(code, "InternalError", $"injected fault: an error on the server (\"{verb} {resource}\") has prevented the request from succeeding"),
            };
        }
    }

    private void Add(Rule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    private sealed record Rule(string? Verb, string? Resource, TimeSpan Latency, double Rate, int StatusCode, int? Remaining)
    {
        public bool Matches(string verb, string resource) =>
            (Verb is null || Verb == verb) && (Resource is null || Resource == resource);
    }
}
