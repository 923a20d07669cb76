using System.Collections.Concurrent;
using Sfu.Load.Cli;
using Sfu.Load.Metrics;
using Sfu.Load.Participants;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Rtcp;
using Sfu.Transport.WebRtc;

namespace Sfu.Load.Run;

/// <summary>
/// One run of sfu-load: creates the channels, joins the participants (all on one client loop thread), lets the
/// publishers send for the duration while subscribers count what arrives, samples the server from /proc, and
/// builds the report. Scenario d replaces participants one by one for the duration instead.
/// </summary>
public sealed class LoadRun : IParticipantMediaSink, IWorkerTimer, IAsyncDisposable
{
    private const int TickMs = 5;
    private const int ReceiverReportIntervalMs = 1000;

    private readonly LoadOptions _options;
    private readonly TextWriter _progress;
    private readonly ServerApi _api;
    private readonly MediaWorkerLoop _loop = new(new MediaWorkerLoopOptions { Name = "sfu-load-participants" });
    private readonly DtlsHandshakePool _handshakes = new();
    private readonly WebRtcTransportOptions _transportOptions;
    private readonly ConcurrentDictionary<Participant, ReceiveTracker> _trackers = new();
    private readonly ConcurrentDictionary<Participant, SyntheticPublisher> _publishers = new();
    private readonly byte[] _sendBuffer = new byte[1600];
    private readonly byte[] _rtcpBuffer = new byte[256];
    private readonly List<(string Channel, List<Participant> Members)> _channels = [];
    private readonly ConcurrentBag<double> _joinLatenciesMs = [];
    private readonly List<TimelinePoint> _timeline = [];
    private int _nextSessionId;
    private (int Sessions, ProcessSample? Sample) _halfJoined;
    private (int Sessions, ProcessSample? Sample) _allJoined;
    private TimeSpan _lastProgressAt;
    private long _forwardedAtLastProgress;
    private ProcessSample? _lastProgressSample;
    private long _nextReceiverReportMs;
    private long _departedPackets;
    private long _departedBytes;
    private long _departedSent;
    private bool _sending;

    public LoadRun(LoadOptions options, TextWriter progress)
    {
        _options = options;
        _progress = progress;
        _api = new ServerApi(options.Url, options.Key!);
        _transportOptions = new WebRtcTransportOptions(DtlsCertificate.Generate()) { HandshakePool = _handshakes };
    }

    public static async Task<LoadReport> ExecuteAsync(LoadOptions options, TextWriter progress)
    {
        await using var run = new LoadRun(options, progress);
        return await run.RunAsync().ConfigureAwait(false);
    }

    public async Task<LoadReport> RunAsync()
    {
        ProcessSample? idle = Sample();
        // Publishers send from the moment they produce, so that each later joiner measures its join latency
        // against streams that are already flowing, as in a real call.
        await _loop.InvokeAsync(() =>
        {
            _sending = true;
            _loop.ScheduleTimer(_loop.NowMs + TickMs, this);
        }).ConfigureAwait(false);
        if (_options.WarmUp > TimeSpan.Zero)
        {
            await WarmUpAsync().ConfigureAwait(false);
        }

        await JoinEveryoneAsync(_options.Channels, sampleMemory: _options.ServerPid is not null).ConfigureAwait(false);

        // Let consumers start (key frames, layer choice) before measuring.
        await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        ProcessSample? start = Sample();
        long forwardedAtStart = ForwardedSoFar();
        long bytesAtStart = ForwardedBytesSoFar();
        long sentAtStart = SentSoFar();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int churnJoins = 0;
        ProcessSample? churnBaseline = start;
        (_lastProgressAt, _forwardedAtLastProgress, _lastProgressSample) = (TimeSpan.Zero, forwardedAtStart, start);
        while (clock.Elapsed < _options.Duration)
        {
            TimeSpan wait = _options.Scenario == LoadScenario.D ? _options.ChurnStay : TimeSpan.FromSeconds(1);
            await Task.Delay(wait < TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (_options.Scenario == LoadScenario.D && clock.Elapsed.TotalSeconds >= (churnJoins + 1) * _options.ChurnStay.TotalSeconds)
            {
                await ReplaceOneAsync(churnJoins).ConfigureAwait(false);
                churnJoins++;
            }

            RecordProgress(clock.Elapsed);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        ProcessSample? end = Sample();
        long forwarded = ForwardedSoFar() - forwardedAtStart;
        long bytes = ForwardedBytesSoFar() - bytesAtStart;
        long sent = SentSoFar() - sentAtStart;
        await _loop.InvokeAsync(() => _sending = false).ConfigureAwait(false);

        LoadReport report = BuildReport(seconds, sent, forwarded, bytes, idle, start, end);
        if (_options.Scenario == LoadScenario.D)
        {
            await LeaveEveryoneAsync().ConfigureAwait(false);
            ProcessSample? after = await SettledSampleAsync(churnBaseline).ConfigureAwait(false);
            report = report with
            {
                ChurnJoins = churnJoins,
                ChurnBaselineResidentBytes = churnBaseline?.ResidentBytes,
                ChurnBaselineThreads = churnBaseline?.Threads,
                ChurnEndResidentBytes = after?.ResidentBytes,
                ChurnEndThreads = after?.Threads,
            };
        }

        if (_options.Relay && forwarded > 0)
        {
            double incoming = sent / seconds;
            int fanOut = (int)Math.Max(1, Math.Round(forwarded / (double)Math.Max(1, sent)));
            RelayFloor floor = BareRelay.Measure(incoming, (int)(bytes / Math.Max(1, forwarded)), fanOut, TimeSpan.FromSeconds(Math.Min(10, seconds)));
            report = report with
            {
                Relay = floor,
                CostRatioToRelay = report.ServerMicrosecondsPerForwardedPacket is { } ours && floor.MicrosecondsPerForwardedPacket > 0
                    ? ours / floor.MicrosecondsPerForwardedPacket
                    : null,
            };
        }

        return report;
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveEveryoneAsync().ConfigureAwait(false);
        _loop.Dispose();
        _handshakes.Dispose();
        _api.Dispose();
    }

    void IWorkerTimer.OnTimer(long nowMs)
    {
        if (!_sending)
        {
            return;
        }

        foreach (SyntheticPublisher publisher in _publishers.Values)
        {
            publisher.Tick(nowMs, _sendBuffer);
        }

        if (nowMs >= _nextReceiverReportMs)
        {
            _nextReceiverReportMs = nowMs + ReceiverReportIntervalMs;
            foreach ((Participant participant, ReceiveTracker tracker) in _trackers)
            {
                if (tracker.TryWriteReceiverReport(tracker.ReporterSsrc, _rtcpBuffer, out int length))
                {
                    participant.SendDownloadRtcp(_rtcpBuffer, length);
                }
            }
        }

        _loop.ScheduleTimer(nowMs + TickMs, this);
    }

    void IParticipantMediaSink.OnDownloadRtp(Participant participant, Span<byte> packet)
    {
        if (_trackers.TryGetValue(participant, out ReceiveTracker? tracker)
            && tracker.OnRtp(packet, _loop.NowMs, _loop.NowMs * 1000, _rtcpBuffer.AsSpan(0, 200), out int nackLength))
        {
            participant.SendDownloadRtcp(_rtcpBuffer, nackLength);
        }
    }

    void IParticipantMediaSink.OnRtcp(Participant participant, bool download, Span<byte> packet)
    {
        if (download || !_publishers.TryGetValue(participant, out SyntheticPublisher? publisher))
        {
            return;
        }

        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out RtcpPacket rtcp))
        {
            if (rtcp.Kind == RtcpPacketKind.PictureLossIndication && RtcpPictureLossIndication.TryParse(rtcp, out var pli))
            {
                publisher.OnKeyFrameRequest(pli.MediaSsrc);
            }
            else if (rtcp.Kind == RtcpPacketKind.FullIntraRequest && RtcpFullIntraRequest.TryParse(rtcp, out var fir))
            {
                for (int i = 0; i < fir.EntryCount; i++)
                {
                    publisher.OnKeyFrameRequest(fir.GetEntry(i).Ssrc);
                }
            }
        }
    }

    /// <summary>
    /// How long the server is left without clients after the warm-up pass: long enough for a server that gives memory
    /// back when idle (ours after 10 s, sfu.memory) to do it, so that the warm-up's garbage is not collected in the
    /// middle of the measured joins, where it would read as a negative cost per session.
    /// </summary>
    private static readonly TimeSpan WarmUpCooldown = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The unmeasured first pass (--warm-up): participants in channels like the scenario's, as many as the scenario or
    /// --warm-up-joins if more, join, send for the warm-up time and leave; then the
    /// server is left alone (<see cref="WarmUpCooldown"/>, then memory steady again) before the measured run begins. A
    /// runtime that compiles code as it becomes hot (.NET's tiers, V8's) otherwise does it while the measured sessions
    /// join, and its compiler's memory would read as theirs.
    /// </summary>
    private async Task WarmUpAsync()
    {
        int channels = Math.Max(_options.Channels, (_options.WarmUpJoins + _options.ParticipantsPerChannel - 1) / _options.ParticipantsPerChannel);
        await JoinEveryoneAsync(channels, sampleMemory: false).ConfigureAwait(false);
        await Task.Delay(_options.WarmUp).ConfigureAwait(false);
        // Publishers stop before their participants go, so that no tick sends on a closed transport.
        _publishers.Clear();
        await LeaveEveryoneAsync().ConfigureAwait(false);
        _channels.Clear();
        _trackers.Clear();
        _joinLatenciesMs.Clear();
        // Like the steady wait it belongs to, the cooldown is skipped by --steady-wait 0 (quick runs such as CI's).
        if (_options.SteadyWait > TimeSpan.Zero)
        {
            await Task.Delay(WarmUpCooldown).ConfigureAwait(false);
        }

        if (_options.ServerPid is not null)
        {
            _ = await SteadySampleAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Joins every participant, channel by channel; with <paramref name="sampleMemory"/>, samples the server when half
    /// of them are in and again when all are, each time once memory is steady (<see cref="SteadySampleAsync"/>) so that
    /// the buffers the traffic grows are counted, and the memory a session costs is the slope between the two — free
    /// of the start-up and pool growth that the first sessions pay for everyone.
    /// </summary>
    private async Task JoinEveryoneAsync(int channels, bool sampleMemory)
    {
        int total = channels * _options.ParticipantsPerChannel;
        for (int c = 0; c < channels; c++)
        {
            string channel = await _api.CreateChannelAsync($"sfu-load/{Guid.NewGuid()}").ConfigureAwait(false);
            var members = new List<Participant>();
            _channels.Add((channel, members));
            for (int p = 0; p < _options.ParticipantsPerChannel; p++)
            {
                members.Add(await JoinAsync(channel, members, publish: p < _options.PublishersPerChannel).ConfigureAwait(false));
                if (sampleMemory && _channels.Sum(entry => entry.Members.Count) == total / 2)
                {
                    _halfJoined = (total / 2, await SteadySampleAsync().ConfigureAwait(false));
                }
            }
        }

        if (sampleMemory)
        {
            _allJoined = (total, await SteadySampleAsync().ConfigureAwait(false));
        }
    }

    /// <summary>Media time before a memory sample: retransmission histories reach their steady size within their 2 s age.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long resident memory must stay flat before it is sampled: longer than the few seconds after which a server
    /// may give back what a burst of joins freed (ours 5 s after the last join, sfu.memory.settle-delay), so that the
    /// sample comes after that, not just before it.
    /// </summary>
    private const int SteadySeconds = 6;

    /// <summary>
    /// Samples the server once its resident memory has stopped growing: after <see cref="SettleTime"/> of media,
    /// until it has moved by less than 0.5 % over <see cref="SteadySeconds"/> (waiting at most --steady-wait more).
    /// Memory keeps growing for a while after joins (retransmission histories fill for their 2 s, the runtime
    /// compiles the code the traffic now runs), by steps larger than a session costs: a sample taken in the middle of
    /// that growth makes the slope depend on when it was taken.
    /// </summary>
    private async Task<ProcessSample?> SteadySampleAsync()
    {
        await Task.Delay(SettleTime).ConfigureAwait(false);
        var recent = new Queue<ProcessSample>();
        DateTime deadline = DateTime.UtcNow + _options.SteadyWait;
        while (DateTime.UtcNow < deadline)
        {
            if (Sample() is not { } sample)
            {
                return null;
            }

            recent.Enqueue(sample);
            if (recent.Count > SteadySeconds + 1)
            {
                recent.Dequeue();
            }

            long low = recent.Min(s => s.PrivateBytes), high = recent.Max(s => s.PrivateBytes);
            if (recent.Count == SteadySeconds + 1 && high - low <= high / 200)
            {
                return sample;
            }

            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }

        return Sample();
    }

    private async Task<Participant> JoinAsync(string channel, List<Participant> members, bool publish)
    {
        int sessionId = Interlocked.Increment(ref _nextSessionId);
        int expectedStreams = SyntheticPublisher.StreamsPerPublisher * members.Count(_publishers.ContainsKey);
        long joinStart = _loop.NowMs;
        Participant participant = await Participant.JoinAsync(_api.Server, channel, _api.SessionToken(channel, sessionId), _loop,
            _transportOptions, this, sendsTransportFeedback: true).ConfigureAwait(false);
        _trackers[participant] = new ReceiveTracker(joinStart, expectedStreams)
        {
            ReporterSsrc = (uint)(0x2000_0000 + sessionId),
            IsRetransmission = participant.IsRetransmissionSsrc,
        };
        Task closed = participant.Signaling.Closed;
        if (await Task.WhenAny(participant.TransportsConnected, closed).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false) == closed)
        {
            // 4109 is the usual one: CHANNEL_SIZE (default 100) is below this scenario's participants per channel.
            throw new InvalidOperationException(
                $"session {sessionId} was closed by the server with {participant.Signaling.Closed.Result} before its transports connected"
                + (participant.Signaling.Closed.Result == 4109 ? " (channel full: raise the server's CHANNEL_SIZE)" : string.Empty));
        }

        await participant.TransportsConnected.ConfigureAwait(false);
        if (publish)
        {
            var publisher = new SyntheticPublisher(participant, _options.Simulcast, sessionId);
            await publisher.ProduceAsync($"sfu-load-{sessionId}").ConfigureAwait(false);
            _publishers[participant] = publisher;
        }

        return participant;
    }

    /// <summary>Scenario d: the oldest participant of a channel leaves and a new one joins in its place.</summary>
    private async Task ReplaceOneAsync(int turn)
    {
        var (channel, members) = _channels[turn % _channels.Count];
        Participant leaving = members[0];
        members.RemoveAt(0);
        bool publishing = _publishers.TryRemove(leaving, out SyntheticPublisher? publisher);
        if (_trackers.TryRemove(leaving, out ReceiveTracker? left) && left.JoinCompleteMs is long complete)
        {
            _joinLatenciesMs.Add(complete - left.JoinStartMs);
        }

        // What the departed sent and received still counts in the run's totals.
        Interlocked.Add(ref _departedSent, publisher?.PacketsSent ?? 0);
        Interlocked.Add(ref _departedPackets, left?.Packets ?? 0);
        Interlocked.Add(ref _departedBytes, left?.Bytes ?? 0);

        await leaving.DisposeAsync().ConfigureAwait(false);
        members.Add(await JoinAsync(channel, members, publishing).ConfigureAwait(false));
    }

    private long ForwardedSoFar() => Interlocked.Read(ref _departedPackets) + _trackers.Values.Sum(t => t.Packets);

    private long ForwardedBytesSoFar() => Interlocked.Read(ref _departedBytes) + _trackers.Values.Sum(t => t.Bytes);

    private long SentSoFar() => Interlocked.Read(ref _departedSent) + _publishers.Values.Sum(p => p.PacketsSent);

    private async Task LeaveEveryoneAsync()
    {
        foreach (var (_, members) in _channels)
        {
            foreach (Participant participant in members)
            {
                await participant.DisposeAsync().ConfigureAwait(false);
            }

            members.Clear();
        }

        _publishers.Clear();
    }

    /// <summary>
    /// After everyone left, the server's idle thread-pool threads retire within about 20 s and the server gives
    /// memory back 10 s after its last client left (sfu.memory): samples every second until both threads and resident
    /// memory are back within 10 % of the baseline's, for at most 30 s, and returns the last sample.
    /// </summary>
    private async Task<ProcessSample?> SettledSampleAsync(ProcessSample? baseline)
    {
        ProcessSample? sample = Sample();
        for (int i = 0; i < 30 && sample is { } now && baseline is { } before
            && (now.Threads > before.Threads * 1.1 || now.ResidentBytes > before.ResidentBytes * 1.1); i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            sample = Sample();
        }

        return sample;
    }

    private ProcessSample? Sample() => _options.ServerPid is int pid ? ProcessSample.Read(pid) : null;

    /// <summary>Adds a timeline point for the interval since the last one and rewrites the live progress line.</summary>
    private void RecordProgress(TimeSpan elapsed)
    {
        long forwarded = ForwardedSoFar();
        ProcessSample? now = Sample();
        double interval = Math.Max(1e-3, (elapsed - _lastProgressAt).TotalSeconds);
        double pps = (forwarded - _forwardedAtLastProgress) / interval;
        double? cores = _lastProgressSample is { } before && now is { } after ? ProcessSample.CoresBetween(before, after) : null;
        _timeline.Add(new TimelinePoint(elapsed.TotalSeconds, pps, cores));
        (_lastProgressAt, _forwardedAtLastProgress, _lastProgressSample) = (elapsed, forwarded, now);
        if (!_options.Quiet)
        {
            long lost = _trackers.Values.Sum(t => t.Lost);
            string cpu = cores is double c ? $", server {c:F2} cores" : string.Empty;
            _progress.Write($"\r{elapsed.TotalSeconds,5:F0} s  {_trackers.Count} connected  {pps,8:F0} packets/s forwarded  lost {lost}{cpu}   ");
        }
    }

    private LoadReport BuildReport(double seconds, long sent, long forwarded, long bytes, ProcessSample? idle, ProcessSample? start, ProcessSample? end)
    {
        if (!_options.Quiet)
        {
            _progress.WriteLine();
        }

        var streams = _trackers.Values.SelectMany(t => t.Streams.Values).ToList();
        long received = streams.Sum(s => s.Packets);
        long lost = streams.Sum(s => s.Lost);
        double latency = streams.Sum(s => s.LatencySumUs) / (double)Math.Max(1, streams.Sum(s => s.LatencyCount)) / 1000;
        double jitter = streams.Count == 0 ? 0 : streams.Average(s => s.JitterUs) / 1000;
        // Churned-out participants took their trackers with them; the join latencies of scenario d are kept apart.
        double[] joins = [.. _joinLatenciesMs.Concat(_trackers.Values.Where(t => t.JoinCompleteMs is not null)
            .Select(t => (double)(t.JoinCompleteMs!.Value - t.JoinStartMs))).Order()];
        int joinsIncomplete = _trackers.Values.Count(t => t.ExpectedStreams > 0 && t.JoinCompleteMs is null);
        double pps = forwarded / seconds;
        double? cores = start is { } s0 && end is { } s1 ? ProcessSample.CoresBetween(s0, s1) : null;
        int sessions = _channels.Sum(c => c.Members.Count);
        return new LoadReport
        {
            Scenario = _options.Scenario == LoadScenario.Custom ? "custom" : _options.Scenario.ToString().ToLowerInvariant(),
            Channels = _options.Channels,
            Participants = sessions,
            Publishers = _publishers.Count,
            Connected = _trackers.Count,
            DurationSeconds = seconds,
            WarmUpSeconds = _options.WarmUp.TotalSeconds,
            PacketsSent = sent,
            PacketsForwarded = forwarded,
            RetransmittedPacketsReceived = _trackers.Values.Sum(t => t.Retransmissions),
            ForwardedPacketsPerSecond = pps,
            ForwardedBitsPerSecond = bytes * 8 / seconds,
            LossPercent = received + lost == 0 ? 0 : 100.0 * lost / (received + lost),
            LatencyMeanMs = latency,
            JitterMeanMs = jitter,
            JoinsMeasured = joins.Length,
            JoinsIncomplete = joinsIncomplete,
            JoinLatencyP50Ms = Percentile(joins, 0.50),
            JoinLatencyP95Ms = Percentile(joins, 0.95),
            ServerCores = cores,
            ServerCoresPer100kPacketsPerSecond = cores is { } c && pps > 0 ? c / (pps / 100_000) : null,
            ServerMicrosecondsPerForwardedPacket = cores is { } c2 && pps > 0 ? c2 * 1e6 / pps : null,
            ServerResidentBytes = end?.ResidentBytes,
            ServerPrivateBytes = end?.PrivateBytes,
            ServerPrivateBytesPerSession = MemoryPerSession(idle),
            ServerIdleResidentBytes = idle?.ResidentBytes,
            ServerResidentBytesPerSessionWithMedia = end is { } e && idle is { } i && sessions > 0 ? (e.ResidentBytes - i.ResidentBytes) / sessions : null,
            ServerThreads = end?.Threads,
            GeneratorFramesSkipped = _publishers.Values.Sum(p => p.FramesSkipped),
            Timeline = [.. _timeline],
        };
    }

    /// <summary>The slope of private memory between half and all sessions joined; with fewer than two sessions, everything over idle.</summary>
    private long? MemoryPerSession(ProcessSample? idle)
    {
        if (_halfJoined.Sample is { } half && _allJoined.Sample is { } all && _allJoined.Sessions > _halfJoined.Sessions && _halfJoined.Sessions > 0)
        {
            return (all.PrivateBytes - half.PrivateBytes) / (_allJoined.Sessions - _halfJoined.Sessions);
        }

        return _allJoined.Sample is { } joined && idle is { } i && _allJoined.Sessions > 0 ? (joined.PrivateBytes - i.PrivateBytes) / _allJoined.Sessions : null;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
