using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Sfu.Transport;

/// <summary>
/// Asks the CPU to start loading an object's first cache lines before the code that reads them runs. Forwarding one
/// packet visits every consumer of its producer, and each consumer's state (forwarder, logs, transport, SRTP) was
/// last touched a whole frame ago: `perf` on the load tool's scenarios put the largest single costs of the managed
/// forwarding path on the first load of each of those objects. Issued one consumer ahead, the loads overlap the
/// previous consumer's work instead of stalling it.
/// <para>
/// A prefetch is only a hint: it never faults, whatever the address, so reading an object's address without pinning
/// it is safe here (should the garbage collector move the object meanwhile, the hint is merely wasted). On CPUs
/// without SSE it does nothing.
/// </para>
/// </summary>
internal static class CachePrefetch
{
    private const int CacheLineSize = 64;

    /// <summary>The cache lines holding the first <paramref name="lines"/> × 64 bytes of <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Object(object? target, int lines = 1)
    {
        if (!Sse.IsSupported || target is null)
        {
            return;
        }

        byte* address = (byte*)Unsafe.As<object, nint>(ref target);
        for (int i = 0; i < lines; i++)
        {
            Sse.Prefetch0(address + (i * CacheLineSize));
        }
    }

    /// <summary>The first cache line of <paramref name="list"/>'s elements (its backing array's header and first items).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Items<T>(List<T>? list)
    {
        if (!Sse.IsSupported || list is null)
        {
            return;
        }

        // Reads the list's own fields (its array and count): the list should have been asked for a step earlier.
        Span<T> items = CollectionsMarshal.AsSpan(list);
        if (!items.IsEmpty)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetReference(items)));
        }
    }

    /// <summary>The cache line holding element <paramref name="index"/> of <paramref name="array"/>; nothing when out of range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Element<T>(T[]? array, int index, int knownLength)
        where T : struct
    {
        // knownLength is the caller's copy of array.Length: reading the array's own length would be the very load
        // (its header's cache line) this is meant to get ahead of. For the same reason the element's address is
        // computed from the array's address, not taken by reference: that would null-check the array by reading it.
        if (Sse.IsSupported && array is not null && (uint)index < (uint)knownLength)
        {
            Sse.Prefetch0((void*)AddressOf(array, index));
        }
    }

    /// <summary>Where element <paramref name="index"/> of <paramref name="array"/> is now, computed without reading the array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nint AddressOf<T>(T[] array, int index)
        where T : struct =>
        Unsafe.As<T[], nint>(ref array) + ArrayDataOffset + ((nint)index * Unsafe.SizeOf<T>());

    /// <summary>How far an array's first element lies from the array's address (its header: type and length).</summary>
    private static readonly nint ArrayDataOffset = MeasureArrayDataOffset();

    private static unsafe nint MeasureArrayDataOffset()
    {
        // Pinned, so that the garbage collector cannot move it between the two reads of its address.
        byte[] probe = GC.AllocateArray<byte>(1, pinned: true);
        nint arrayAddress = Unsafe.As<byte[], nint>(ref probe);
        nint dataAddress = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(probe));
        return dataAddress - arrayAddress;
    }
}
