using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

public sealed class ReplayWindowTests
{
    [Fact]
    public void Empty_window_accepts_anything()
    {
        var window = default(ReplayWindow);

        window.Check(0).Should().Be(SrtpResult.Ok);
        window.Check(1UL << 40).Should().Be(SrtpResult.Ok);
    }

    [Fact]
    public void Window_remembers_exactly_the_last_1024_indices()
    {
        var window = default(ReplayWindow);
        for (ulong i = 0; i < 3000; i++)
        {
            window.Accept(i);
        }

        window.Highest.Should().Be(2999UL);
        window.Check(2999 - ReplayWindow.Size + 1).Should().Be(SrtpResult.Replayed);
        window.Check(2999 - ReplayWindow.Size).Should().Be(SrtpResult.TooOld);
        window.Check(3000).Should().Be(SrtpResult.Ok);
    }

    [Fact]
    public void Sliding_forward_forgets_the_bits_it_passes_over()
    {
        var window = default(ReplayWindow);
        window.Accept(10);
        window.Accept(10 + ReplayWindow.Size - 1); // 10 is the oldest index still inside
        window.Accept(10 + 2 * ReplayWindow.Size - 2); // 10 + 1023 is now the oldest inside; 10 is long gone

        window.Check(10 + ReplayWindow.Size - 1).Should().Be(SrtpResult.Replayed);
        window.Check(10 + ReplayWindow.Size).Should().Be(SrtpResult.Ok); // same ring slot as 10, but never received
    }

    [Fact]
    public void A_jump_of_more_than_the_window_clears_it()
    {
        var window = default(ReplayWindow);
        for (ulong i = 0; i < 100; i++)
        {
            window.Accept(i);
        }

        window.Accept(100_000);

        window.Check(100_000 - 1).Should().Be(SrtpResult.Ok);
        window.Check(100_000 - ReplayWindow.Size + 1).Should().Be(SrtpResult.Ok);
        window.Check(100_000).Should().Be(SrtpResult.Replayed);
    }
}
