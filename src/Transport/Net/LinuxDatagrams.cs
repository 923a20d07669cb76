using System.Net;
using System.Runtime.InteropServices;

namespace Sfu.Transport.Net;

/// <summary>
/// recvfrom(2) and sendto(2) called directly on Linux for the worker's UDP socket. <c>Socket.ReceiveFrom</c> throws
/// when nothing is left to read, so the loop asked <c>Socket.Available</c> (an ioctl, one more system call) after every
/// packet to know when to stop; with MSG_DONTWAIT the read itself says "nothing left" (EAGAIN) by returning -1, with
/// no exception and no extra call. The send goes the same direct way, skipping the managed socket layer's checks.
/// Both use the raw sockaddr bytes that <see cref="SocketAddress"/> holds on Linux.
/// </summary>
internal static unsafe partial class LinuxDatagrams
{
    /// <summary>MSG_DONTWAIT from Linux's socket.h: fail with EAGAIN rather than block.</summary>
    private const int DontWait = 0x40;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>
    /// Reads one datagram into <paramref name="buffer"/> and its sender into <paramref name="sender"/>; -1 when none
    /// is waiting or the socket reported an error (an ICMP error is reported on a later read, as with ReceiveFrom).
    /// </summary>
    public static int TryReceive(SafeHandle socket, Span<byte> buffer, SocketAddress sender)
    {
        Span<byte> address = sender.Buffer.Span;
        int addressLength = address.Length;
        nint received;
        fixed (byte* data = buffer)
        fixed (byte* from = address)
        {
            received = ReceiveFrom((int)socket.DangerousGetHandle(), data, (nuint)buffer.Length, DontWait, from, &addressLength);
        }

        if (received < 0)
        {
            return -1;
        }

        sender.Size = Math.Min(addressLength, address.Length);
        return (int)received;
    }

    /// <summary>Sends one datagram to <paramref name="destination"/>; false when the kernel refused it (a full buffer).</summary>
    public static bool TrySend(SafeHandle socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        ReadOnlySpan<byte> address = destination.Buffer.Span[..destination.Size];
        nint sent;
        fixed (byte* data = datagram)
        fixed (byte* to = address)
        {
            sent = SendTo((int)socket.DangerousGetHandle(), data, (nuint)datagram.Length, DontWait, to, address.Length);
        }

        return sent == datagram.Length;
    }

    [LibraryImport("libc", EntryPoint = "recvfrom")]
    private static partial nint ReceiveFrom(int socket, byte* buffer, nuint length, int flags, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "sendto")]
    private static partial nint SendTo(int socket, byte* buffer, nuint length, int flags, byte* address, int addressLength);
}
