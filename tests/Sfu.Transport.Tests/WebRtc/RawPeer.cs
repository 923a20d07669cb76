using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>
/// A bare UDP socket on 127.0.0.1 that talks to a worker's port without any of our transport code: it plays an
/// attacker or a confused peer, and reads answers synchronously (with a receive timeout as a hang guard).
/// </summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint target;

    public RawPeer(IPEndPoint target)
    {
        this.target = target;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveTimeout = 30_000;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public void Send(ReadOnlySpan<byte> datagram) => socket.SendTo(datagram, SocketFlags.None, target);

    public byte[] Receive()
    {
        var buffer = new byte[2048];
        int length = socket.Receive(buffer);
        return buffer[..length];
    }

    /// <summary>
    /// A Binding request as a browser sends it (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
    /// MESSAGE-INTEGRITY keyed with <paramref name="password"/>, FINGERPRINT).
    /// </summary>
    public static byte[] BindingRequest(string username, string password)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength));
        writer.AppendUsername(Encoding.UTF8.GetBytes(username));
        writer.AppendPriority(1853817087);
        writer.AppendIceControlling(0x0102030405060708);
        writer.AppendUseCandidate();
        writer.AppendMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AppendFingerprint();
        writer.TryComplete(out int length).Should().BeTrue();
        return buffer[..length];
    }

    /// <summary>Sends a check and returns the ERROR-CODE of the answer, or 0 for a success.</summary>
    public int Check(string username, string password)
    {
        Send(BindingRequest(username, password));
        byte[] answer = Receive();
        StunMessage.TryParse(answer, out StunMessage message).Should().BeTrue();
        return message.Class == StunClass.SuccessResponse ? 0 : message.ErrorCode;
    }

    public void Dispose() => socket.Dispose();
}
