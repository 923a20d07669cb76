using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sfu.Load.Run;

/// <summary>
/// The floor to compare with (issue 6, item 3): a relay that receives UDP datagrams and copies each to every
/// subscriber socket — no crypto, no routing — on 127.0.0.1, fed at the packet rate and size the real run had. Its
/// relay thread's CPU per forwarded packet is the system-call cost of forwarding on this machine, now.
/// </summary>
public static partial class BareRelay
{
    public static RelayFloor Measure(double incomingPacketsPerSecond, int packetSize, int subscribers, TimeSpan duration)
    {
        using var relay = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        relay.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        relay.ReceiveTimeout = 200;
        var sinks = new List<Socket>();
        var sinkAddresses = new List<SocketAddress>();
        for (int i = 0; i < subscribers; i++)
        {
            var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            sinks.Add(sink);
            sinkAddresses.Add(sink.LocalEndPoint!.Serialize());
        }

        long forwarded = 0;
        double relayCpu = 0;
        using var stop = new CancellationTokenSource();
        var relayThread = new Thread(() =>
        {
            int tid = GetThreadId();
            double before = ThreadCpuSeconds(tid);
            var buffer = new byte[2048];
            var from = new SocketAddress(AddressFamily.InterNetwork);
            while (!stop.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = relay.ReceiveFrom(buffer, SocketFlags.None, from);
                }
                catch (SocketException)
                {
                    continue;
                }

                foreach (SocketAddress sink in sinkAddresses)
                {
                    relay.SendTo(buffer.AsSpan(0, length), SocketFlags.None, sink);
                    forwarded++;
                }
            }

            relayCpu = ThreadCpuSeconds(tid) - before;
        }) { Name = "bare-relay", IsBackground = true };
        var drains = sinks.Select(sink => new Thread(() =>
        {
            var buffer = new byte[2048];
            sink.ReceiveTimeout = 200;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    sink.Receive(buffer);
                }
                catch (SocketException)
                {
                }
            }
        }) { IsBackground = true }).ToList();
        relayThread.Start();
        drains.ForEach(d => d.Start());

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = relay.LocalEndPoint!.Serialize();
        var packet = new byte[Math.Clamp(packetSize, 64, 1400)];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < duration)
        {
            long due = (long)(clock.Elapsed.TotalSeconds * incomingPacketsPerSecond);
            while (sent < due)
            {
                sender.SendTo(packet, SocketFlags.None, target);
                sent++;
            }

            Thread.Sleep(1);
        }

        stop.Cancel();
        relayThread.Join();
        drains.ForEach(d => d.Join());
        sinks.ForEach(s => s.Dispose());
        double seconds = clock.Elapsed.TotalSeconds;
        return new RelayFloor(forwarded / seconds, forwarded > 0 ? relayCpu * 1e6 / forwarded : 0);
    }

    private static double ThreadCpuSeconds(int tid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (double.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                + double.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();
}
