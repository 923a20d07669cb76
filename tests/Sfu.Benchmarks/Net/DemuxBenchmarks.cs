using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Net;
using Sfu.Transport.Srtp;
using Sfu.Transport.Stun;

namespace Sfu.Benchmarks.Net;

/// <summary>
/// The receive path of the worker for one 1,200-byte SRTP packet: RFC 7983 classification, lookup of the remote
/// tuple among 1,000 bound transports, and SRTP unprotect in place by the transport found. Each operation first
/// protects a fresh packet (the replay window refuses a packet seen before); <c>ProtectOnly</c> measures that part
/// alone, so the demultiplexed receive costs the difference. Must show 0 B/op.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*DemuxBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class DemuxBenchmarks
{
    private const int PacketLength = 1200;
    private const int BoundTransports = 1000;

    private readonly MediaDemultiplexer demux = new();
    private SrtpContext sender = null!;
    private UnprotectingTarget target = null!;
    private byte[] buffer = null!;
    private TransportTuple remote;
    private ushort sequenceNumber;

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[SrtpProfileInfo.MasterKeyLength(Profile)];
        byte[] salt = new byte[SrtpProfileInfo.MasterSaltLength(Profile)];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        sender = SrtpContext.ForOutbound(Profile, key, salt);
        target = new UnprotectingTarget(SrtpContext.ForInbound(Profile, key, salt));

        // Other transports' tuples fill the table, as on a busy worker.
        for (int i = 0; i < BoundTransports; i++)
        {
            demux.BindTuple(new TransportTuple(NetAddress.FromIPv4(0x0A00_0000u + (uint)i), (ushort)(50000 + i), TransportProtocol.Udp), new UnprotectingTarget(null));
        }

        remote = new TransportTuple(NetAddress.FromIPv4(0xC633_6407), 54321, TransportProtocol.Udp);
        demux.BindTuple(remote, target);

        buffer = new byte[PacketLength + 16];
        buffer[0] = 0x80;
        buffer[1] = 111;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0x5EEDF00D);
        new Random(3).NextBytes(buffer.AsSpan(12, PacketLength - 12));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        sender.Dispose();
        target.Dispose();
    }

    [Benchmark(Baseline = true, Description = "protect only")]
    public int ProtectOnly()
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), ++sequenceNumber);
        sender.TryProtectRtp(buffer, PacketLength, out int protectedLength);
        return protectedLength;
    }

    [Benchmark(Description = "protect + demux (classify, tuple lookup, unprotect)")]
    public long ProtectThenDemultiplex()
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), ++sequenceNumber);
        sender.TryProtectRtp(buffer, PacketLength, out int protectedLength);
        demux.OnPacket(buffer.AsSpan(0, protectedLength), null!, remote);
        return target.Accepted;
    }

    /// <summary>Stands for a server transport: decrypts what the demultiplexer hands it.</summary>
    private sealed class UnprotectingTarget(SrtpContext? inbound) : IDemuxTarget, IDisposable
    {
        public long Accepted { get; private set; }

        public void OnRtp(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
        {
            if (inbound is not null && inbound.TryUnprotectRtp(packet, packet.Length, out _) == SrtpResult.Ok)
            {
                Accepted++;
            }
        }

        public void OnStun(in StunMessage message, PacketChannel channel, in TransportTuple remote)
        {
        }

        public void OnDtls(ReadOnlySpan<byte> datagram, PacketChannel channel, in TransportTuple remote)
        {
        }

        public void OnRtcp(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
        {
        }

        public void OnPathClosed(in TransportTuple remote)
        {
        }

        public void Dispose() => inbound?.Dispose();
    }
}
