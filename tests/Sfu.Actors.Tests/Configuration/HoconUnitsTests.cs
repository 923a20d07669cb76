using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.HoconTestSupport;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>HOCON spec "Duration format" and "Size in bytes format".</summary>
public sealed class HoconUnitsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("300ms", 300)]
    [InlineData("300", 300)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("60 seconds", 60_000)]
    [InlineData("1 minute", 60_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("  5 s  ", 5_000)]
    [InlineData("250000us", 250)]
    [InlineData("1000000 nanoseconds", 1)]
    [InlineData("-2s", -2_000)]
    public void Durations_are_read_with_their_unit_and_a_bare_number_is_milliseconds(string text, long milliseconds)
    {
        HoconDuration.TryParse(text, out var duration).Should().BeTrue();
        duration.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10 parsecs")]
    [InlineData("10S")]
    [InlineData("1h30m")]
    [InlineData("ten seconds")]
    [InlineData("99999999999999999999d")]
    [InlineData("1e400s")]
    [InlineData(null)]
    public void Anything_else_is_not_a_duration(string? text)
    {
        HoconDuration.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("65536", 65_536)]
    [InlineData("64KiB", 65_536)]
    [InlineData("64 KiB", 65_536)]
    [InlineData("1MiB", 1_048_576)]
    [InlineData("1MB", 1_000_000)]
    [InlineData("1kB", 1_000)]
    [InlineData("1k", 1_024)]
    [InlineData("1K", 1_024)]
    [InlineData("2m", 2_097_152)]
    [InlineData("1G", 1_073_741_824)]
    [InlineData("1.5KiB", 1_536)]
    [InlineData("10 bytes", 10)]
    [InlineData("3 mebibytes", 3_145_728)]
    [InlineData("1 megabyte", 1_000_000)]
    [InlineData("7EiB", 8_070_450_532_247_928_832)]
    public void Sizes_are_read_with_their_unit_and_a_bare_number_is_bytes(string text, long bytes)
    {
        HoconSize.TryParse(text, out var size).Should().BeTrue();
        size.Should().Be(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("KiB")]
    [InlineData("-1")]
    [InlineData("1 KIB")]
    [InlineData("8EiB")]
    [InlineData("1ZiB")]
    [InlineData("1 kilo")]
    [InlineData(null)]
    public void Anything_else_is_not_a_size(string? text)
    {
        HoconSize.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Typed_getters_read_durations_and_sizes_from_strings_and_numbers()
    {
        var config = Read("a = 10s\nb = 250\nc = 64KiB\nd = 1024\ne = \"2 minutes\"");

        config.GetDuration("a").Should().Be(TimeSpan.FromSeconds(10));
        config.GetDuration("b").Should().Be(TimeSpan.FromMilliseconds(250));
        config.GetBytes("c").Should().Be(65_536);
        config.GetBytes("d").Should().Be(1_024);
        config.GetDuration("e").Should().Be(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void A_typed_getter_names_the_position_of_a_bad_duration()
    {
        var config = Read("timeouts {\n  ping = forever\n}");

        var act = () => config.GetDuration("timeouts.ping");

        var error = act.Should().Throw<HoconParseException>().Which;
        (error.Line, error.Column).Should().Be((2, 10));
        error.Message.Should().Contain("\"forever\"").And.Contain("300ms");
    }

    [Fact]
    public void Random_text_never_makes_the_unit_readers_throw()
    {
        var random = new Random(5);
        const string alphabet = "0123456789.eE+- \tsmhdunKkMGiBbytes";
        for (var i = 0; i < 100_000; i++)
        {
            var chars = new char[random.Next(0, 12)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = random.Next(8) == 0 ? (char)random.Next(0x10000) : alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            if (HoconDuration.TryParse(text, out var duration))
            {
                var nanoseconds = ((decimal)duration.Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);
                HoconDuration.TryParse($"{nanoseconds}ns", out var again).Should().BeTrue(text);
                again.Should().Be(duration, text);
            }

            if (HoconSize.TryParse(text, out var size))
            {
                size.Should().BeGreaterThanOrEqualTo(0, text);
                HoconSize.TryParse(size.ToString(System.Globalization.CultureInfo.InvariantCulture), out var sameSize).Should().BeTrue(text);
                sameSize.Should().Be(size, text);
            }
        }
    }
}
