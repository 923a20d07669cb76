using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

public class KeyFrameRequestCoalescerTests
{
    [Fact]
    public void Many_consumers_asking_at_once_send_one_request()
    {
        var coalescer = new KeyFrameRequestCoalescer();

        coalescer.Request(1000).Should().BeTrue();
        coalescer.Request(1010).Should().BeFalse();
        coalescer.Request(1500).Should().BeFalse();
        coalescer.IsOutstanding.Should().BeTrue();
    }

    [Fact]
    public void An_unanswered_request_asked_again_is_repeated_after_a_second()
    {
        var coalescer = new KeyFrameRequestCoalescer();
        coalescer.Request(1000);
        coalescer.Request(1200);

        coalescer.Poll(1999).Should().BeFalse();
        coalescer.Poll(2000).Should().BeTrue();
        coalescer.Poll(2500).Should().BeFalse("nobody asked since the repetition");
        coalescer.Poll(3000).Should().BeFalse();
        coalescer.IsOutstanding.Should().BeFalse("an overdue request nobody asked for again is forgotten");
    }

    [Fact]
    public void A_key_frame_answers_the_request()
    {
        var coalescer = new KeyFrameRequestCoalescer();
        coalescer.Request(1000);
        coalescer.Request(1100);

        coalescer.OnKeyFrame();

        coalescer.Poll(2500).Should().BeFalse();
        coalescer.Request(2600).Should().BeTrue("a new need after the key frame is a new request");
    }

    [Fact]
    public void A_request_made_after_the_interval_goes_out_at_once()
    {
        var coalescer = new KeyFrameRequestCoalescer();
        coalescer.Request(1000);

        coalescer.Request(2100).Should().BeTrue();
    }
}
