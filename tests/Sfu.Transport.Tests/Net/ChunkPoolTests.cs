using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

public class ChunkPoolTests
{
    [Fact]
    public void A_chunk_given_back_is_the_next_one_rented_of_its_length()
    {
        var pool = new ChunkPool(maxPooledBytes: 64 * 1024);
        byte[] chunk = pool.Rent(8192);
        pool.Return(chunk);

        pool.PooledBytes.Should().Be(8192);
        pool.Rent(8192).Should().BeSameAs(chunk);
        pool.PooledBytes.Should().Be(0);
        pool.Allocated.Should().Be(1);
    }

    [Fact]
    public void Chunks_of_different_lengths_are_kept_apart()
    {
        var pool = new ChunkPool(maxPooledBytes: 64 * 1024);
        byte[] video = pool.Rent(8192);
        byte[] audio = pool.Rent(2048);
        pool.Return(video);
        pool.Return(audio);

        pool.Rent(2048).Should().BeSameAs(audio);
        pool.Rent(8192).Should().BeSameAs(video);
        pool.Rent(4096).Length.Should().Be(4096, "a length never given back is made new");
        pool.Allocated.Should().Be(3);
    }

    [Fact]
    public void What_would_exceed_the_pool_s_bytes_is_left_to_the_garbage_collector()
    {
        var pool = new ChunkPool(maxPooledBytes: 10_000);
        byte[] first = pool.Rent(8192);
        byte[] second = pool.Rent(8192);
        pool.Return(first);
        pool.Return(second);

        pool.PooledBytes.Should().Be(8192);
        pool.Rent(8192).Should().BeSameAs(first);
        pool.Rent(8192).Should().NotBeSameAs(second);
    }

    [Fact]
    public void A_pool_of_no_bytes_keeps_nothing()
    {
        var pool = new ChunkPool(maxPooledBytes: 0);
        byte[] chunk = pool.Rent(2048);
        pool.Return(chunk);

        pool.PooledBytes.Should().Be(0);
        pool.Rent(2048).Should().NotBeSameAs(chunk);
    }
}
