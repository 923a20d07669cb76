using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

public class LayerSelectorTests
{
    /// <summary>Three spatial layers × three temporal layers, cumulative bitrates in bps.</summary>
    private static readonly long[] Bitrates =
    [
        60_000, 90_000, 120_000,
        250_000, 380_000, 500_000,
        900_000, 1_300_000, 1_700_000,
    ];

    [Theory]
    [InlineData(600_000, 1, 2)]       // the default start estimate lands on the middle layer
    [InlineData(5_000_000, 2, 2)]
    [InlineData(150_000, 0, 2)]
    [InlineData(300_000, 1, 0)]
    public void Best_layer_that_fits_with_headroom_is_chosen(long available, int spatial, int temporal)
    {
        new LayerSelector().Select(Bitrates, 3, 3, available).Should().Be(new LayerChoice(spatial, temporal));
    }

    [Fact]
    public void Lowest_live_layer_is_chosen_when_nothing_fits()
    {
        new LayerSelector().Select(Bitrates, 3, 3, 10_000).Should().Be(new LayerChoice(0, 0));
    }

    [Fact]
    public void Layers_not_received_are_skipped()
    {
        long[] bitrates = (long[])Bitrates.Clone();
        bitrates[6] = bitrates[7] = bitrates[8] = 0;

        new LayerSelector().Select(bitrates, 3, 3, 5_000_000).Should().Be(new LayerChoice(1, 2));
    }

    [Fact]
    public void Preferred_layers_cap_the_choice()
    {
        new LayerSelector().Select(Bitrates, 3, 3, 5_000_000, preferredSpatialLayer: 1, preferredTemporalLayer: 1)
            .Should().Be(new LayerChoice(1, 1));
    }

    [Fact]
    public void An_estimate_hovering_at_a_layers_bitrate_does_not_make_the_choice_flap()
    {
        var selector = new LayerSelector();
        selector.Select(Bitrates, 3, 3, 600_000).Should().Be(new LayerChoice(1, 2));

        // Just above 1.3 Mbps: S2T1 fits, but not with the upgrade headroom.
        selector.Select(Bitrates, 3, 3, 1_350_000).Should().Be(new LayerChoice(2, 0));
        selector.Select(Bitrates, 3, 3, 1_310_000).Should().Be(new LayerChoice(2, 0));

        // Once on a layer, the estimate may sink to its bitrate without moving down.
        selector.Select(Bitrates, 3, 3, 1_500_000).Should().Be(new LayerChoice(2, 1));
        selector.Select(Bitrates, 3, 3, 1_300_000).Should().Be(new LayerChoice(2, 1));
        selector.Select(Bitrates, 3, 3, 1_299_999).Should().Be(new LayerChoice(2, 0));
    }
}
