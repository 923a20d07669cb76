namespace Sfu.Web.Hosting;

/// <summary>The garbage collector's heap as its last collection left it, and what was allocated so far, in bytes.</summary>
/// <param name="CommittedBytes">Memory the collector has committed (taken from the system) for its heap.</param>
/// <param name="HeapBytes">The heap's size: objects, dead or alive, and the free space between them.</param>
/// <param name="AllocatedBytes">Everything the process allocated on the managed heap since it started.</param>
public readonly record struct ManagedHeapState(long CommittedBytes, long HeapBytes, long AllocatedBytes)
{
    /// <summary>The state the runtime reports for its last collection of any kind, and the allocations up to now.</summary>
    public static ManagedHeapState Read()
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
        return new ManagedHeapState(info.TotalCommittedBytes, info.HeapSizeBytes, GC.GetTotalAllocatedBytes(precise: false));
    }
}
