using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// One ICE-TCP connection (RFC 6544): a byte stream of RFC 4571 frames, each one STUN, DTLS, RTP or RTCP packet.
/// Reads are non-blocking and reassembled by an <see cref="Rfc4571FrameDecoder"/>; writes are non-blocking too,
/// and what the kernel does not take at once waits in a bounded backlog, flushed when the socket turns writable,
/// so that a frame is never cut. A peer that stops reading past the backlog limit is disconnected.
/// </summary>
public sealed class TcpMediaConnection : PacketChannel
{
    private readonly Rfc4571FrameDecoder decoder = new();
    private readonly int maxFrameLength;
    private readonly int maxBacklog;
    private byte[] backlog = [];
    private int backlogStart;
    private int backlogLength;
    private long framesTooLarge;

    internal TcpMediaConnection(MediaWorkerLoop loop, Socket socket, in TransportTuple remote, IPacketReceiver receiver, int maxFrameLength, int maxBacklog)
        : base(loop, socket, TransportProtocol.Tcp, receiver)
    {
        Remote = remote;
        this.maxFrameLength = maxFrameLength;
        this.maxBacklog = maxBacklog;
        socket.Blocking = false;
        socket.NoDelay = true;
    }

    /// <summary>The peer, protocol Tcp: what the demultiplexer keys this path by.</summary>
    public TransportTuple Remote { get; }

    /// <summary>Frames longer than the configured maximum, dropped unread.</summary>
    public long FramesTooLarge => Volatile.Read(ref framesTooLarge);

    /// <summary>Bytes written by us and not yet taken by the kernel.</summary>
    public int BacklogLength => backlogLength;

    internal override bool WantsWrite => backlogLength > 0;

    internal override void OnReadable()
    {
        byte[] chunk = Loop.TcpChunkBuffer;
        int received = Socket.Receive(chunk, SocketFlags.None, out SocketError error);
        if (error == SocketError.WouldBlock)
        {
            return;
        }

        if (error != SocketError.Success || received == 0)
        {
            Close(); // reset, or an orderly shutdown by the peer
            return;
        }

        ReadOnlySpan<byte> input = chunk.AsSpan(0, received);
        byte[] frameBuffer = Loop.ReceiveBuffer;
        while (!IsClosed && decoder.TryReadFrame(ref input, out ReadOnlySpan<byte> frame))
        {
            if (frame.Length > maxFrameLength)
            {
                framesTooLarge++;
                continue;
            }

            // Receivers decrypt in place; the frame may be a slice of the decoder's own buffer, so hand out a copy
            // in the loop's receive buffer (no allocation, one memcpy of a packet).
            frame.CopyTo(frameBuffer);
            Deliver(frameBuffer.AsSpan(0, frame.Length), Remote);
        }
    }

    internal override void OnWritable()
    {
        if (backlogLength == 0)
        {
            return;
        }

        int sent = Socket.Send(backlog.AsSpan(backlogStart, backlogLength), SocketFlags.None, out SocketError error);
        if (error == SocketError.WouldBlock)
        {
            return;
        }

        if (error != SocketError.Success)
        {
            Close();
            return;
        }

        backlogStart += sent;
        backlogLength -= sent;
        if (backlogLength == 0)
        {
            backlogStart = 0;
        }
    }

    private protected override bool TrySendCore(in TransportTuple remote, ReadOnlySpan<byte> packet)
    {
        if (remote != Remote || packet.Length > Rfc4571Framer.MaxFrameLength)
        {
            return false;
        }

        byte[] scratch = Loop.SendScratchBuffer;
        Rfc4571Framer.TryWriteFrame(packet, scratch, out int frameLength);
        ReadOnlySpan<byte> frame = scratch.AsSpan(0, frameLength);
        if (backlogLength > 0)
        {
            // Earlier bytes still wait: keep the order, queue behind them.
            return TryQueue(frame);
        }

        int sent = Socket.Send(frame, SocketFlags.None, out SocketError error);
        if (error == SocketError.WouldBlock)
        {
            sent = 0;
        }
        else if (error != SocketError.Success)
        {
            Close();
            return false;
        }

        return sent == frameLength || TryQueue(frame.Slice(sent));
    }

    private protected override void OnClosed()
    {
        decoder.Reset();
        backlogLength = 0;
        Receiver.OnChannelClosed(this, Remote);
    }

    private bool TryQueue(ReadOnlySpan<byte> bytes)
    {
        if (backlogLength + bytes.Length > maxBacklog)
        {
            // The peer has not read for a long while; a cut frame would desynchronise the stream, so end it.
            Close();
            return false;
        }

        if (backlogStart + backlogLength + bytes.Length > backlog.Length)
        {
            backlog.AsSpan(backlogStart, backlogLength).CopyTo(backlog);
            backlogStart = 0;
            if (backlogLength + bytes.Length > backlog.Length)
            {
                byte[] larger = new byte[Math.Min(maxBacklog, Math.Max(backlogLength + bytes.Length, Math.Max(4096, backlog.Length * 2)))];
                backlog.AsSpan(0, backlogLength).CopyTo(larger);
                backlog = larger;
            }
        }

        bytes.CopyTo(backlog.AsSpan(backlogStart + backlogLength));
        backlogLength += bytes.Length;
        return true;
    }
}
