using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Net;

namespace Sfu.Benchmarks.Net;

/// <summary>
/// What a worker pays to read datagrams off its UDP socket: while the loop is held in an item, a peer socket sends 64
/// datagrams of 1,200 bytes to a loop's channel; then the loop is let go and the benchmark waits until the receiver
/// has seen them all; per datagram, the send and the receive together (the send is the same in both rows).
/// <c>Slots = 1</c> reads each with its own recvfrom (and a last one that finds the socket empty), 16 takes up to 16
/// per recvmmsg. Both must show 0 B/op: nothing on the read path allocates.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*UdpReceiveBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class UdpReceiveBenchmarks
{
    private const int Datagrams = 64;

    private readonly byte[] datagram = new byte[1200];
    private MediaWorkerLoop loop = null!;
    private Socket peer = null!;
    private SocketAddress target = null!;
    private CountingReceiver receiver = null!;
    private readonly HoldingItem hold = new();

    [Params(1, 16)]
    public int Slots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpReceiveSlots = Slots });
        receiver = new CountingReceiver();
        UdpPacketChannel channel = loop.InvokeAsync(() => loop.OpenUdpChannel(new IPEndPoint(IPAddress.Loopback, 0), receiver)).GetAwaiter().GetResult();
        peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        target = channel.LocalEndPoint!.Serialize();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        peer.Dispose();
        loop.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Datagrams, Description = "send 64 datagrams to a worker's socket, wait until all are delivered; per datagram")]
    public void SendAndReceive()
    {
        long target64 = receiver.Count + Datagrams;
        hold.Release.Reset();
        hold.Entered.Reset();
        loop.Post(hold);
        hold.Entered.Wait();
        for (int i = 0; i < Datagrams; i++)
        {
            peer.SendTo(datagram, SocketFlags.None, target);
        }

        hold.Release.Set();

        var spinner = new SpinWait();
        while (receiver.Count < target64)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Keeps the loop busy until released, so that the datagrams wait on the socket together.</summary>
    private sealed class HoldingItem : IThreadPoolWorkItem
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public void Execute()
        {
            Entered.Set();
            Release.Wait();
        }
    }

    private sealed class CountingReceiver : IPacketReceiver
    {
        private long count;

        public long Count => Volatile.Read(ref count);

        public void OnPacket(Span<byte> packet, PacketChannel channel, in TransportTuple remote) => Volatile.Write(ref count, count + 1);

        public void OnChannelClosed(PacketChannel channel, in TransportTuple remote)
        {
        }
    }
}
