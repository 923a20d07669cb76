namespace Sfu.Web.Hosting;

/// <summary>The garbage collector's heap as its last collection left it, in bytes.</summary>
/// <param name="CommittedBytes">Memory the collector has committed (taken from the system) for its heap.</param>
/// <param name="HeapBytes">The heap's size: objects and the free space between them.</param>
/// <param name="FragmentedBytes">Free space between objects.</param>
public readonly record struct ManagedHeapState(long CommittedBytes, long HeapBytes, long FragmentedBytes)
{
    /// <summary>
    /// Committed memory that holds no object: the free space between objects and the committed space beyond them.
    /// About what a compacting collection that decommits gives back, at least (objects that died since the last
    /// collection go too).
    /// </summary>
    public long UnusedBytes => Math.Max(0, CommittedBytes - (HeapBytes - FragmentedBytes));

    /// <summary>The state the runtime reports for its last collection of any kind.</summary>
    public static ManagedHeapState Read()
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
        return new ManagedHeapState(info.TotalCommittedBytes, info.HeapSizeBytes, info.FragmentedBytes);
    }
}
