using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sfu.Transport.Net;

/// <summary>
/// Slots that one recvmmsg(2) fills with the datagrams waiting on a UDP socket. Reading them one recvfrom(2) each
/// costs a system call per datagram plus a last one that finds the socket empty (EAGAIN); recvmmsg takes what is
/// there in one call, and returning fewer than asked says the socket is drained. The loop owns one batch and reads
/// its UDP sockets one at a time, delivering each datagram before the next read, as with its single receive buffer.
/// <para>
/// Every slot holds the largest UDP payload (65,507 bytes), so a datagram is never truncated; only the bytes a
/// datagram fills are ever touched, so the pages behind the rest stay unused. Slots start 64 bytes further into a
/// page than the previous one so that their first lines do not all compete for the same cache sets. The memory is a
/// pinned managed array: a span a receiver still holds can never outlive it.
/// </para>
/// </summary>
internal sealed unsafe partial class LinuxReceiveBatch
{
    /// <summary>Room per slot: a UDP datagram's payload is at most 65,535 − 8 − 20 bytes.</summary>
    public const int SlotSize = 65536;

    /// <summary>Distance between slot starts: a slot plus one cache line.</summary>
    private const int SlotStride = SlotSize + 64;

    /// <summary>sizeof(struct sockaddr_in6), the largest address the loop's sockets use.</summary>
    private const int AddressSize = 28;

    private const int AddressStride = 32;

    /// <summary>MSG_DONTWAIT from Linux's socket.h: return what is there rather than block.</summary>
    private const int DontWait = 0x40;

    private readonly byte[] slots;
    private readonly byte[] addresses;
    private readonly LinuxMessageEntry[] headers;
    private readonly LinuxIoVector[] vectors;

    public LinuxReceiveBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        slots = GC.AllocateUninitializedArray<byte>(SlotStride * capacity, pinned: true);
        addresses = GC.AllocateArray<byte>(AddressStride * capacity, pinned: true);
        headers = GC.AllocateArray<LinuxMessageEntry>(capacity, pinned: true);
        vectors = GC.AllocateArray<LinuxIoVector>(capacity, pinned: true);
        byte* slotBase = (byte*)Unsafe.AsPointer(ref slots[0]);
        byte* addressBase = (byte*)Unsafe.AsPointer(ref addresses[0]);
        LinuxIoVector* vectorBase = (LinuxIoVector*)Unsafe.AsPointer(ref vectors[0]);
        for (int i = 0; i < capacity; i++)
        {
            vectors[i] = new LinuxIoVector { Base = slotBase + (i * SlotStride), Length = SlotSize };
            headers[i].Message = new LinuxMessage { Name = addressBase + (i * AddressStride), Vectors = vectorBase + i, VectorCount = 1 };
        }
    }

    public int Capacity { get; }

    /// <summary>
    /// Reads up to <paramref name="count"/> (at most <see cref="Capacity"/>) waiting datagrams without blocking; how
    /// many it read, 0 when none was waiting or the socket reported an error (as recvfrom's -1).
    /// </summary>
    public int Receive(SafeHandle socket, int count)
    {
        count = Math.Min(count, Capacity);
        fixed (LinuxMessageEntry* first = headers)
        {
            for (int i = 0; i < count; i++)
            {
                // The kernel writes back the address length and flags of each message: give every slot its room again.
                first[i].Message.NameLength = AddressSize;
                first[i].Message.Flags = 0;
            }

            int received = ReceiveMessages((int)socket.DangerousGetHandle(), first, (uint)count, DontWait, null);
            return received > 0 ? received : 0;
        }
    }

    /// <summary>The <paramref name="index"/>th datagram of the last <see cref="Receive"/>; its sender goes into <paramref name="sender"/>.</summary>
    public Span<byte> Datagram(int index, SocketAddress sender)
    {
        ref LinuxMessageEntry header = ref headers[index];
        int addressLength = Math.Min((int)header.Message.NameLength, Math.Min(AddressSize, sender.Buffer.Length));
        addresses.AsSpan(index * AddressStride, addressLength).CopyTo(sender.Buffer.Span);
        sender.Size = addressLength;
        return slots.AsSpan(index * SlotStride, (int)Math.Min(header.Length, (uint)SlotSize));
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg")]
    private static partial int ReceiveMessages(int socket, LinuxMessageEntry* messages, uint count, int flags, void* timeout);
}
