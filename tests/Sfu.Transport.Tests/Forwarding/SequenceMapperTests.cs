using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

/// <summary>
/// Table-driven: each step feeds an input, either to forward ("+", expecting an output or a refusal) or to drop
/// ("-"), in the manner of mediasoup's SeqManager test.
/// </summary>
public class SequenceMapperTests
{
    private static void Run(SequenceMapper mapper, params (char Action, int Input, int Expected)[] steps)
    {
        foreach ((char action, int input, int expected) in steps)
        {
            if (action == '-')
            {
                mapper.Drop((uint)input);
                continue;
            }

            bool mapped = mapper.TryMap((uint)input, out uint output);
            if (expected < 0)
            {
                mapped.Should().BeFalse($"input {input} must be refused");
            }
            else
            {
                mapped.Should().BeTrue($"input {input} must be mapped");
                output.Should().Be((uint)expected, $"input {input}");
            }
        }
    }

    [Fact]
    public void Nothing_is_mapped_before_a_sync()
    {
        SequenceMapper.ForRtpSequenceNumbers().TryMap(5, out _).Should().BeFalse();
    }

    [Fact]
    public void In_order_inputs_continue_from_the_initial_output()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1000);
        mapper.Sync(40000);

        Run(mapper, ('+', 40000, 1000), ('+', 40001, 1001), ('+', 40002, 1002));
    }

    [Fact]
    public void Dropped_inputs_leave_no_hole_in_the_output()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);

        Run(mapper, ('+', 10, 1), ('-', 11, 0), ('+', 12, 2), ('-', 13, 0), ('-', 14, 0), ('+', 15, 3));
    }

    [Fact]
    public void Input_and_output_wrap_around()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 65535);
        mapper.Sync(65534);

        Run(mapper, ('+', 65534, 65535), ('+', 65535, 0), ('-', 0, 0), ('+', 1, 1), ('+', 2, 2));
    }

    [Fact]
    public void Reordered_inputs_keep_the_outputs_they_would_have_had_in_order()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);

        // 11 arrives late; 12 was dropped in between: 11 still gets 2, 13 gets 3.
        Run(mapper, ('+', 10, 1), ('-', 12, 0), ('+', 13, 3), ('+', 11, 2), ('+', 14, 4));
        mapper.MaxOutput.Should().Be(4);
    }

    [Fact]
    public void A_dropped_input_arriving_again_is_refused()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);

        Run(mapper, ('+', 10, 1), ('-', 11, 0), ('+', 12, 2), ('+', 11, -1));
    }

    [Fact]
    public void Only_inputs_newer_than_every_seen_input_can_be_dropped()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);
        mapper.TryMap(10, out _);
        mapper.TryMap(12, out _);

        mapper.Drop(11).Should().BeFalse("12's output is already on the wire");
        mapper.TryMap(11, out uint output).Should().BeTrue();
        output.Should().Be(2);
    }

    [Fact]
    public void Resync_continues_after_the_last_output_and_refuses_older_inputs()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);
        Run(mapper, ('+', 10, 1), ('+', 11, 2));

        mapper.Sync(5000);

        Run(mapper, ('+', 5000, 3), ('+', 4999, -1), ('+', 5001, 4), ('+', 12, -1));
    }

    [Fact]
    public void Resync_with_a_skip_leaves_one_number_out()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);
        Run(mapper, ('+', 10, 1));

        mapper.Sync(700, skip: 1);

        Run(mapper, ('+', 700, 3));
    }

    [Fact]
    public void Inputs_older_than_the_window_are_refused()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(0);
        mapper.TryMap(0, out _);
        mapper.TryMap((uint)mapper.Window + 10, out _);

        mapper.TryMap(5, out _).Should().BeFalse();
    }

    [Fact]
    public void Many_drops_sliding_out_of_the_window_keep_the_output_continuous()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 0);
        mapper.Sync(60000);
        uint expected = 0;
        for (int i = 0; i < 20000; i++)
        {
            uint input = (uint)((60000 + i) & 0xFFFF);
            if (i % 3 == 1)
            {
                mapper.Drop(input);
                continue;
            }

            mapper.TryMap(input, out uint output).Should().BeTrue();
            output.Should().Be(expected & 0xFFFF, $"input {input}");
            expected++;
        }
    }

    [Fact]
    public void A_jump_larger_than_the_window_folds_every_drop()
    {
        var mapper = SequenceMapper.ForRtpSequenceNumbers(initialOutput: 1);
        mapper.Sync(10);

        Run(mapper, ('+', 10, 1), ('-', 11, 0), ('-', 12, 0), ('+', 3013, 3002));
    }

    [Fact]
    public void Picture_ids_wrap_at_15_bits_and_tl0picidx_at_8()
    {
        var pictureIds = SequenceMapper.ForPictureIds(initialOutput: 0x7FFF);
        pictureIds.Sync(5);
        Run(pictureIds, ('+', 5, 0x7FFF), ('+', 6, 0), ('-', 7, 0), ('+', 8, 1));

        var tl0 = SequenceMapper.ForTl0PicIdx(initialOutput: 254);
        tl0.Sync(0);
        Run(tl0, ('+', 0, 254), ('+', 1, 255), ('+', 2, 0), ('+', 255, -1));
    }
}
