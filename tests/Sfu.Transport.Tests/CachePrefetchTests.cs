using System.Runtime.InteropServices;

namespace Sfu.Transport.Tests;

/// <summary>
/// <see cref="CachePrefetch"/> is a hint to the CPU: whatever it is given, it changes nothing and never fails, so the
/// forwarding loop may use it on consumers that are being closed or logs that just grew.
/// </summary>
public sealed class CachePrefetchTests
{
    [Fact]
    public void Prefetching_null_a_small_object_or_more_lines_than_an_object_has_is_harmless()
    {
        var small = new object();
        var text = "a";

        CachePrefetch.Object(null);
        CachePrefetch.Object(small);
        CachePrefetch.Object(text, lines: 8);

        text.Should().Be("a");
    }

    [Fact]
    public void Prefetching_array_elements_in_or_out_of_range_leaves_the_array_as_it_was()
    {
        long[] values = [1, 2, 3, 4];

        foreach (int index in new[] { 0, 3, 4, -1, int.MaxValue, int.MinValue })
        {
            CachePrefetch.Element(values, index, values.Length);
        }

        CachePrefetch.Element<long>(null, 0, 4);

        values.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public void The_address_prefetched_is_the_element_s_own()
    {
        long[] values = new long[16];
        GCHandle pin = GCHandle.Alloc(values, GCHandleType.Pinned);
        try
        {
            nint first = pin.AddrOfPinnedObject();
            foreach (int index in new[] { 0, 1, 7, 15 })
            {
                CachePrefetch.AddressOf(values, index).Should().Be(first + (index * sizeof(long)));
            }
        }
        finally
        {
            pin.Free();
        }
    }
}
