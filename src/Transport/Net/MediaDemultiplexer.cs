using System.Text;
using Sfu.Transport.Ice;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Net;

/// <summary>
/// Sorts what arrives on the worker's shared port (RFC 7983 §7 by first byte), then finds the transport: by remote
/// tuple for DTLS, RTP and RTCP, and for a STUN check by the local ufrag before the colon of its USERNAME (RFC 8445
/// §7.2.2), the only thing a new peer can be recognised by. Packets other than STUN from a tuple no transport has
/// bound (because ICE has not validated it) are dropped and counted. Worker thread only; nothing allocates per
/// packet.
/// </summary>
public sealed class MediaDemultiplexer : IPacketReceiver
{
    /// <summary>RFC 8839 §5.4 caps an ufrag at 256 characters.</summary>
    private const int MaxUfragLength = 256;

    private readonly Dictionary<string, IDemuxTarget> byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IDemuxTarget>.AlternateLookup<ReadOnlySpan<char>> byUfragSpan;
    private readonly Dictionary<TransportTuple, IDemuxTarget> byTuple = [];

    public MediaDemultiplexer()
    {
        byUfragSpan = byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DemuxCounters Counters { get; } = new();

    public int RegisteredUfrags => byUfrag.Count;

    public int BoundTuples => byTuple.Count;

    /// <summary>Makes STUN checks for <paramref name="localUfrag"/> reach <paramref name="target"/>. False if taken.</summary>
    public bool TryRegisterUfrag(string localUfrag, IDemuxTarget target)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentNullException.ThrowIfNull(target);
        return byUfrag.TryAdd(localUfrag, target);
    }

    public bool UnregisterUfrag(string localUfrag, IDemuxTarget target) =>
        byUfrag.TryGetValue(localUfrag, out IDemuxTarget? owner) && ReferenceEquals(owner, target) && byUfrag.Remove(localUfrag);

    /// <summary>
    /// Routes every packet from <paramref name="remote"/> to <paramref name="target"/>; a later validation by another
    /// transport takes the tuple over (the peer moved its ufrag, as after a reconnection).
    /// </summary>
    public void BindTuple(in TransportTuple remote, IDemuxTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        byTuple[remote] = target;
    }

    /// <summary>Forgets the tuple if <paramref name="target"/> still owns it.</summary>
    public bool UnbindTuple(in TransportTuple remote, IDemuxTarget target) =>
        byTuple.TryGetValue(remote, out IDemuxTarget? owner) && ReferenceEquals(owner, target) && byTuple.Remove(remote);

    public bool TryGetTarget(in TransportTuple remote, out IDemuxTarget? target) => byTuple.TryGetValue(remote, out target);

    public void OnPacket(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
    {
        switch (PacketClassifier.Classify(packet))
        {
            case PacketKind.Stun:
                DispatchStun(packet, channel, remote);
                break;
            case PacketKind.Dtls:
                Counters.CountDtls();
                if (Lookup(remote, DemuxDropReason.DtlsFromUnvalidatedTuple) is { } dtlsTarget)
                {
                    dtlsTarget.OnDtls(packet, channel, remote);
                }

                break;
            case PacketKind.Rtp:
                Counters.CountRtp();
                if (Lookup(remote, DemuxDropReason.RtpFromUnvalidatedTuple) is { } rtpTarget)
                {
                    rtpTarget.OnRtp(packet, channel, remote);
                }

                break;
            case PacketKind.Rtcp:
                Counters.CountRtcp();
                if (Lookup(remote, DemuxDropReason.RtcpFromUnvalidatedTuple) is { } rtcpTarget)
                {
                    rtcpTarget.OnRtcp(packet, channel, remote);
                }

                break;
            case PacketKind.Zrtp:
                Counters.CountDrop(DemuxDropReason.Zrtp);
                break;
            case PacketKind.TurnChannel:
                Counters.CountDrop(DemuxDropReason.TurnChannel);
                break;
            default:
                Counters.CountDrop(DemuxDropReason.UnknownKind);
                break;
        }
    }

    /// <summary>The transport of the next packet, whose object a new burst would otherwise first touch with a stall.</summary>
    public void Prefetch(in TransportTuple remote)
    {
        if (byTuple.TryGetValue(remote, out IDemuxTarget? target))
        {
            CachePrefetch.Object(target, 2);
        }
    }

    public void OnChannelClosed(PacketChannel channel, in TransportTuple remote)
    {
        if (remote.Protocol == TransportProtocol.Tcp && byTuple.Remove(remote, out IDemuxTarget? target))
        {
            target.OnPathClosed(remote);
        }
    }

    private void DispatchStun(ReadOnlySpan<byte> packet, PacketChannel channel, in TransportTuple remote)
    {
        Counters.CountStun();
        if (!StunMessage.TryParse(packet, out StunMessage message))
        {
            Counters.CountDrop(DemuxDropReason.MalformedStun);
            return;
        }

        IDemuxTarget? target;
        if (message.HasUsername)
        {
            target = FindByUsername(message.Username);
            if (target is null)
            {
                // mediasoup does the same: without the password of the ufrag there is no authenticated answer to give.
                Counters.CountDrop(DemuxDropReason.StunForUnknownUfrag);
                return;
            }
        }
        else if (!byTuple.TryGetValue(remote, out target))
        {
            Counters.CountDrop(DemuxDropReason.StunFromUnknownTuple);
            return;
        }

        target.OnStun(message, channel, remote);
    }

    private IDemuxTarget? FindByUsername(ReadOnlySpan<byte> username)
    {
        if (!IceUsername.TrySplit(username, out ReadOnlySpan<byte> localUfrag, out _)
            || localUfrag.IsEmpty
            || localUfrag.Length > MaxUfragLength)
        {
            return null;
        }

        // ICE ufrags are ASCII ice-chars; any other byte decodes to U+FFFD and simply finds nothing.
        Span<char> chars = stackalloc char[MaxUfragLength];
        int charCount = Encoding.UTF8.GetChars(localUfrag, chars);
        return byUfragSpan.TryGetValue(chars.Slice(0, charCount), out IDemuxTarget? target) ? target : null;
    }

    private IDemuxTarget? Lookup(in TransportTuple remote, DemuxDropReason reasonIfUnknown)
    {
        if (byTuple.TryGetValue(remote, out IDemuxTarget? target))
        {
            return target;
        }

        Counters.CountDrop(reasonIfUnknown);
        return null;
    }
}
