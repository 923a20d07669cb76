using System.Runtime.InteropServices;

namespace Sfu.Transport.Net;

// The structures sendmmsg(2) and recvmmsg(2) take, in their LP64 Linux layout (see LinuxSendBatch, LinuxReceiveBatch).

/// <summary>struct iovec: one buffer of a message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LinuxIoVector
{
    public byte* Base;
    public nuint Length;
}

/// <summary>struct msghdr (the 4-byte name length is padded to the next pointer).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LinuxMessage
{
    public byte* Name;
    public uint NameLength;
    public LinuxIoVector* Vectors;
    public nuint VectorCount;
    public byte* Control;
    public nuint ControlLength;
    public int Flags;
}

/// <summary>struct mmsghdr: a message and the bytes the kernel sent or received of it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LinuxMessageEntry
{
    public LinuxMessage Message;
    public uint Length;
}
