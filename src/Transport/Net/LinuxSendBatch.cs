using System.Net;
using System.Runtime.InteropServices;

namespace Sfu.Transport.Net;

/// <summary>
/// Datagrams of one UDP socket waiting to be handed to the kernel together by sendmmsg(2). Forwarding one incoming
/// packet sends it to every consumer, one sendto(2) each; the kernel's work per datagram stays, but the system call's
/// own cost (entry, exit, fd lookup) is paid once per batch. Each datagram is copied into a slot of native memory
/// with its destination, so the caller's buffer is free again at once (the forwarding path reuses one scratch buffer
/// for every consumer). Owner thread only; nothing allocates after construction.
/// </summary>
internal sealed unsafe partial class LinuxSendBatch : IDisposable
{
    /// <summary>Largest datagram a slot holds; a larger one is sent on its own (after those queued before it).</summary>
    public const int SlotSize = 1536;

    /// <summary>sizeof(struct sockaddr_in6), the largest address the worker's sockets use.</summary>
    private const int AddressSize = 28;

    /// <summary>MSG_DONTWAIT from Linux's socket.h: fail with EAGAIN rather than block.</summary>
    private const int DontWait = 0x40;

    private readonly byte* memory;
    private readonly LinuxMessageEntry* headers;
    private readonly LinuxIoVector* vectors;
    private readonly byte* addresses;
    private readonly byte* slots;
    private bool disposed;

    public LinuxSendBatch(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        nuint headerBytes = (nuint)(sizeof(LinuxMessageEntry) * capacity);
        nuint vectorBytes = (nuint)(sizeof(LinuxIoVector) * capacity);
        nuint addressBytes = (nuint)(AddressSize * capacity);
        memory = (byte*)NativeMemory.AlignedAlloc(headerBytes + vectorBytes + addressBytes + (nuint)(SlotSize * capacity), 64);
        NativeMemory.Clear(memory, headerBytes + vectorBytes);
        headers = (LinuxMessageEntry*)memory;
        vectors = (LinuxIoVector*)(memory + headerBytes);
        addresses = memory + headerBytes + vectorBytes;
        slots = addresses + addressBytes;
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>Copies the datagram and its destination into the next slot; false when full or the datagram too large.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        int addressLength = destination.Size;
        if (IsFull || datagram.Length > SlotSize || addressLength > AddressSize)
        {
            return false;
        }

        int index = Count;
        byte* slot = slots + (index * SlotSize);
        byte* address = addresses + (index * AddressSize);
        datagram.CopyTo(new Span<byte>(slot, SlotSize));
        destination.Buffer.Span[..addressLength].CopyTo(new Span<byte>(address, AddressSize));
        vectors[index] = new LinuxIoVector { Base = slot, Length = (nuint)datagram.Length };
        headers[index] = new LinuxMessageEntry
        {
            Message = new LinuxMessage { Name = address, NameLength = (uint)addressLength, Vectors = vectors + index, VectorCount = 1 },
        };
        Count = index + 1;
        return true;
    }

    /// <summary>
    /// Hands every queued datagram to the kernel and empties the batch; returns how many it refused (a full socket
    /// buffer), each lost as a refused sendto would have been. The rest of the batch still goes after a refusal.
    /// </summary>
    public int Flush(SafeHandle socket)
    {
        int refused = 0;
        int start = 0;
        int descriptor = (int)socket.DangerousGetHandle();
        while (start < Count)
        {
            int sent = SendMessages(descriptor, headers + start, (uint)(Count - start), DontWait);
            if (sent <= 0)
            {
                // sendmmsg reports the error of the first datagram it could not send: skip that one and go on.
                refused++;
                start++;
            }
            else
            {
                start += sent;
            }
        }

        Count = 0;
        return refused;
    }

    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            Count = 0;
            NativeMemory.AlignedFree(memory);
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg")]
    private static partial int SendMessages(int socket, LinuxMessageEntry* messages, uint count, int flags);
}
