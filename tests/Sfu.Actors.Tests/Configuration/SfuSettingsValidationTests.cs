using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.SettingsTestSupport;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>
/// Where upstream silently fell back to a default, an invalid value stops start-up here, with a
/// one-line message naming the variable, the key, the value and what is accepted.
/// </summary>
public sealed class SfuSettingsValidationTests
{
    [Fact]
    public void Port_that_is_not_a_number_is_rejected_with_the_documented_message()
    {
        Rejected(("PORT", "abc")).Message.Should().Be(
            "Invalid setting PORT (sfu.http.port): \"abc\" is not a port number; expected an integer from 1 to 65535.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-80")]
    [InlineData("80.5")]
    [InlineData("0x1F96")]
    public void Port_outside_1_to_65535_is_rejected(string value)
    {
        var error = Rejected(("PORT", value));

        error.Message.Should().Be($"Invalid setting PORT (sfu.http.port): \"{value}\" is not a port number; expected an integer from 1 to 65535.");
        error.Setting.Should().Be(SfuConfigurationKeys.HttpPort);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("ten")]
    public void Channel_size_below_one_is_rejected(string value)
    {
        Rejected(("CHANNEL_SIZE", value)).Message.Should().Be(
            $"Invalid setting CHANNEL_SIZE (sfu.channel.max-sessions): \"{value}\" is not a channel size; expected an integer from 1 to 2147483647.");
    }

    [Fact]
    public void Rtc_min_port_above_rtc_max_port_is_rejected()
    {
        Rejected(("RTC_MIN_PORT", "50000"), ("RTC_MAX_PORT", "49999")).Message.Should().Be(
            "Invalid setting RTC_MIN_PORT (sfu.rtc.min-port): 50000 is greater than RTC_MAX_PORT (sfu.rtc.max-port), which is 49999; expected RTC_MIN_PORT to be at most RTC_MAX_PORT.");
    }

    [Fact]
    public void Rtc_min_port_equal_to_rtc_max_port_is_a_range_of_one_port()
    {
        var rtc = FromEnvironment(("RTC_MIN_PORT", "40000"), ("RTC_MAX_PORT", "40000")).Rtc;

        (rtc.MinPort, rtc.MaxPort).Should().Be((40000, 40000));
    }

    [Fact]
    public void Rtc_port_that_is_not_a_number_is_rejected()
    {
        Rejected(("RTC_MAX_PORT", "lots")).Message.Should().StartWith("Invalid setting RTC_MAX_PORT (sfu.rtc.max-port): \"lots\" is not a port number;");
    }

    [Fact]
    public void Unknown_log_level_is_rejected()
    {
        Rejected(("LOG_LEVEL", "loud")).Message.Should().Be(
            "Invalid setting LOG_LEVEL (sfu.logging.level): \"loud\" is not a log level; expected one of none, error, warn, info, debug, verbose.");
    }

    [Fact]
    public void Unknown_worker_log_level_is_rejected()
    {
        Rejected(("WORKER_LOG_LEVEL", "verbose")).Message.Should().Be(
            "Invalid setting WORKER_LOG_LEVEL (sfu.logging.worker-level): \"verbose\" is not a worker log level; expected one of none, error, warn, debug.");
    }

    [Fact]
    public void Negative_worker_count_is_rejected()
    {
        Rejected(("NUM_WORKERS", "-1")).Message.Should().Be(
            "Invalid setting NUM_WORKERS (sfu.rtc.num-workers): \"-1\" is not a worker count; expected 0 (one worker per processor) or a positive integer.");
    }

    [Theory]
    [InlineData("MAX_BITRATE_IN", "sfu.media.max-bitrate-in", "x")]
    [InlineData("MAX_BITRATE_OUT", "sfu.media.max-bitrate-out", "0")]
    [InlineData("MAX_VIDEO_BITRATE", "sfu.media.max-video-bitrate", "4e6")]
    [InlineData("MAX_BITRATE_IN", "sfu.media.max-bitrate-in", "9999999999")]
    public void Bitrate_that_is_not_a_positive_integer_is_rejected(string variable, string path, string value)
    {
        Rejected((variable, value)).Message.Should().Be(
            $"Invalid setting {variable} ({path}): \"{value}\" is not a bitrate; expected a whole number of bits per second from 1 to 2147483647.");
    }

    [Theory]
    [InlineData("MAX_BUF_IN", "-1")]
    [InlineData("MAX_BUF_OUT", "big")]
    public void Buffer_size_that_is_not_a_size_is_rejected(string variable, string value)
    {
        Rejected((variable, value)).Message.Should().StartWith($"Invalid setting {variable} (sfu.media.max-buf-").And.Contain("is not a size; expected a size in bytes");
    }

    [Fact]
    public void Buffer_sizes_accept_units()
    {
        FromEnvironment(("MAX_BUF_IN", "64KiB")).Media.MaxBufIn.Should().Be(65_536);
    }

    [Theory]
    [InlineData("HTTP_INTERFACE", "not an address!")]
    [InlineData("RTC_INTERFACE", "localhost")]
    [InlineData("RTC_INTERFACE", "1")]
    [InlineData("PUBLIC_IP", "sfu example com")]
    public void Addresses_of_the_wrong_shape_are_rejected(string variable, string value)
    {
        Rejected((variable, value)).Message.Should().StartWith($"Invalid setting {variable} (");
    }

    [Theory]
    [InlineData("HTTP_INTERFACE", "localhost")]
    [InlineData("HTTP_INTERFACE", "::1")]
    [InlineData("RTC_INTERFACE", "192.168.1.20")]
    [InlineData("PUBLIC_IP", "sfu.example.com")]
    [InlineData("PUBLIC_IP", "2001:db8::7")]
    public void Addresses_and_host_names_of_the_right_shape_are_accepted(string variable, string value)
    {
        var act = () => FromEnvironment((variable, value));

        act.Should().NotThrow();
    }

    [Theory]
    [InlineData("=")]
    [InlineData("!!!")]
    [InlineData("a")]
    [InlineData("=abcd")]
    public void Auth_key_that_decodes_to_nothing_is_rejected_without_printing_it(string value)
    {
        var error = Rejected(("AUTH_KEY", value));

        error.Message.Should().StartWith("Invalid setting AUTH_KEY (sfu.auth.key): the value (").And.Contain("not shown");
        error.Message.Should().NotContain($"\"{value}\"");
    }

    [Theory]
    [InlineData("u6bsUQEWrHdKIuYplirRnbBmLbrKV5PxKG7DtA71mng=")]
    [InlineData("u6bs-QEW_HdKIu")]
    [InlineData("ab")]
    public void Auth_key_in_either_base64_alphabet_is_accepted_as_text(string value)
    {
        FromEnvironment(("AUTH_KEY", value)).Auth.Key.Should().Be(value);
    }

    [Fact]
    public void Auth_settings_never_print_the_key()
    {
        FromEnvironment(("AUTH_KEY", "c2VjcmV0a2V5")).Auth.ToString().Should().NotContain("c2VjcmV0a2V5");
    }

    [Theory]
    [InlineData(SfuConfigurationKeys.SignalingPingInterval, "sfu.signaling.ping-interval", "0s")]
    [InlineData(SfuConfigurationKeys.ChannelCloseTimeout, "sfu.channel.close-timeout", "soon")]
    [InlineData(SfuConfigurationKeys.SignalingBatchDelay, "sfu.signaling.batch-delay", "-300ms")]
    public void Durations_must_be_positive(string key, string path, string value)
    {
        var act = () => SfuSettings.Load(Environment(), null, [new(key, value)]);

        act.Should().Throw<SettingsException>().Which.Message.Should().Be(
            $"Invalid setting {path}: \"{value}\" is not a duration; expected a duration such as 300ms, 10s, 5m, 1h or 60 seconds (a bare number is milliseconds), greater than zero.");
    }

    [Fact]
    public void Booleans_outside_true_false_yes_no_on_off_are_rejected()
    {
        var act = () => SfuSettings.Load(Environment(), null, [new(SfuConfigurationKeys.Development, "maybe")]);

        act.Should().Throw<SettingsException>().Which.Message.Should().Be(
            "Invalid setting sfu.development: \"maybe\" is not a boolean; expected true or false (yes/no and on/off also work).");
    }

    [Fact]
    public void A_value_with_a_line_break_is_escaped_so_the_message_stays_on_one_line()
    {
        Rejected(("PORT", "80\n81")).Message.Should().NotContain("\n").And.Contain("\"80\\n81\"");
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        var act = () => SfuSettings.Load(Environment(), null, [new(SfuConfigurationKeys.LimitsMaxPendingFramesPerSocket, "0")]);

        act.Should().Throw<SettingsException>().WithMessage("Invalid setting sfu.limits.max-pending-frames-per-socket: \"0\" is not a frame count; expected an integer from 1 to 2147483647.");
    }

    [Fact]
    public void Random_environment_values_produce_settings_or_a_settings_exception_only()
    {
        var random = new Random(42);
        var names = SfuEnvironmentVariables.Names.ToArray();
        string[] pieces = ["", "0", "1", "-1", "65535", "65536", "abc", ",", "opus", "VP8", "=", " ", "10s", "1KiB", "127.0.0.1", "::", "\n", "\u00e9", "9999999999"];
        for (var i = 0; i < 5_000; i++)
        {
            var variables = new List<(string, string?)>();
            for (var v = random.Next(1, 5); v > 0; v--)
            {
                variables.Add((names[random.Next(names.Length)], pieces[random.Next(pieces.Length)] + pieces[random.Next(pieces.Length)]));
            }

            try
            {
                SfuSettings.Create(ConfigurationFromEnvironment([.. variables.DistinctBy(v => v.Item1)]));
            }
            catch (SettingsException e)
            {
                e.Message.Should().StartWith("Invalid setting ").And.NotContain("\n");
            }
        }
    }
}
