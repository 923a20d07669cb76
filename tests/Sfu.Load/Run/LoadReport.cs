using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sfu.Load.Run;

/// <summary>The figures of one run (issue 6, "Measured"), written as JSON and summarised for people.</summary>
public sealed record LoadReport
{
    public string Scenario { get; init; } = "";
    public int Channels { get; init; }
    public int Participants { get; init; }
    public int Publishers { get; init; }
    public int Connected { get; init; }
    public double DurationSeconds { get; init; }
    /// <summary>Media time of the unmeasured first pass (--warm-up); 0 when there was none.</summary>
    public double WarmUpSeconds { get; init; }
    public long PacketsSent { get; init; }
    public long PacketsForwarded { get; init; }

    /// <summary>
    /// RTX packets the connected subscribers received since they joined (NACKed packets sent again and the server's
    /// bandwidth probes): sent by the server, so in its CPU, but not counted as forwarded.
    /// </summary>
    public long RetransmittedPacketsReceived { get; init; }
    public double ForwardedPacketsPerSecond { get; init; }
    public double ForwardedBitsPerSecond { get; init; }
    public double LossPercent { get; init; }
    public double LatencyMeanMs { get; init; }
    public double JitterMeanMs { get; init; }
    /// <summary>Participants that joined while others were already sending, and got every such stream.</summary>
    public int JoinsMeasured { get; init; }
    /// <summary>Participants still missing a stream that was flowing when they joined.</summary>
    public int JoinsIncomplete { get; init; }
    public double JoinLatencyP50Ms { get; init; }
    public double JoinLatencyP95Ms { get; init; }
    public double? ServerCores { get; init; }
    public double? ServerCoresPer100kPacketsPerSecond { get; init; }
    public double? ServerMicrosecondsPerForwardedPacket { get; init; }
    public long? ServerResidentBytes { get; init; }
    /// <summary>Private resident memory (heaps, stacks, buffers; no code pages) at the end of the media.</summary>
    public long? ServerPrivateBytes { get; init; }
    /// <summary>The slope of private resident memory (heaps, stacks, buffers: no code pages) between half and all
    /// sessions joined, each once memory is steady: what one more session costs, free of what the first ones paid for
    /// everyone (compiled code, pools).</summary>
    public long? ServerPrivateBytesPerSession { get; init; }
    /// <summary>Resident memory before anyone joined.</summary>
    public long? ServerIdleResidentBytes { get; init; }
    /// <summary>Resident memory at the end of the media, over the idle server's, per connected session: everything a
    /// session made the server hold (its buffers grown by the traffic, the GC's heap for it), the stricter figure.</summary>
    public long? ServerResidentBytesPerSessionWithMedia { get; init; }
    public int? ServerThreads { get; init; }
    /// <summary>Video frames the publishers skipped because this tool's own loop fell behind: above zero, the load
    /// generator (not the server) was the limit, and the run should be read with that in mind.</summary>
    public long GeneratorFramesSkipped { get; init; }
    public long? ChurnBaselineResidentBytes { get; init; }
    public long? ChurnEndResidentBytes { get; init; }
    public int? ChurnBaselineThreads { get; init; }
    public int? ChurnEndThreads { get; init; }
    public int? ChurnJoins { get; init; }
    public RelayFloor? Relay { get; init; }
    /// <summary>Forwarded packets/s and server cores, one point a second (drawn by --plot).</summary>
    public IReadOnlyList<Metrics.TimelinePoint> Timeline { get; init; } = [];
    public double? CostRatioToRelay { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });

    public string Summary()
    {
        var lines = new List<string>
        {
            $"scenario {Scenario}: {Channels} channel(s), {Participants} participants ({Publishers} publishing), {Connected} connected",
            $"forwarded {ForwardedPacketsPerSecond:F0} packets/s, {ForwardedBitsPerSecond / 1e6:F1} Mbit/s over {DurationSeconds:F0} s "
                + $"(after a warm-up pass of {WarmUpSeconds:F0} s); loss {LossPercent:F2} %; {RetransmittedPacketsReceived} RTX packets received",
            $"latency mean {LatencyMeanMs:F2} ms, jitter {JitterMeanMs:F2} ms; join latency p50 {JoinLatencyP50Ms:F0} ms, p95 {JoinLatencyP95Ms:F0} ms "
                + $"({JoinsMeasured} joins measured, {JoinsIncomplete} incomplete)",
        };
        if (ServerCores is { } cores)
        {
            lines.Add($"server: {cores:F2} cores, {ServerCoresPer100kPacketsPerSecond:F2} cores per 100k forwarded packets/s, "
                + $"{ServerMicrosecondsPerForwardedPacket:F2} µs CPU per forwarded packet, "
                + $"{(ForwardedPacketsPerSecond / Math.Max(cores, 1e-9)):F0} forwarded packets/s per core used");
            lines.Add($"server memory {ServerIdleResidentBytes / 1048576.0:F1} MiB idle, {ServerResidentBytes / 1048576.0:F1} MiB at the end "
                + $"of which {ServerPrivateBytes / 1048576.0:F1} MiB private ({ServerPrivateBytesPerSession / 1024.0:F0} KiB private memory per "
                + $"session from half to all joined, {ServerResidentBytesPerSessionWithMedia / 1024.0:F0} KiB per session over the idle "
                + $"server), {ServerThreads} threads");
            if (ServerPrivateBytesPerSession < 0)
            {
                lines.Add("note: private memory fell while the second half joined: the server's own movements (garbage collection, "
                    + "memory given back) outweighed what the sessions added; a scenario with more sessions measures it better");
            }
        }

        if (GeneratorFramesSkipped > 0)
        {
            lines.Add($"warning: the load generator fell behind and skipped {GeneratorFramesSkipped} video frames; it, not the server, may be the limit");
        }

        if (ChurnJoins is { } joins)
        {
            lines.Add($"churn: {joins} joins; memory {ChurnBaselineResidentBytes / 1048576.0:F1} → {ChurnEndResidentBytes / 1048576.0:F1} MiB, "
                + $"threads {ChurnBaselineThreads} → {ChurnEndThreads}");
        }

        if (Relay is { } relay)
        {
            lines.Add($"bare relay floor: {relay.MicrosecondsPerForwardedPacket:F2} µs CPU per forwarded packet ({relay.ForwardedPacketsPerSecond:F0} packets/s); "
                + $"our cost is {CostRatioToRelay:F2}× the floor");
        }

        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>The same traffic through a UDP relay that only copies: the system-call floor on this machine.</summary>
public sealed record RelayFloor(double ForwardedPacketsPerSecond, double MicrosecondsPerForwardedPacket);
