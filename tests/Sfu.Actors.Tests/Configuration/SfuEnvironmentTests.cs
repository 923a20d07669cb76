using Microsoft.Extensions.Configuration;
using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.SettingsTestSupport;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>The replaced server's environment variables (PROTOCOL.md section 5.9) and what they set.</summary>
public sealed class SfuEnvironmentTests
{
    [Theory]
    [InlineData("PUBLIC_IP", "203.0.113.7", SfuConfigurationKeys.PublicIp, "203.0.113.7")]
    [InlineData("AUTH_KEY", "c2VjcmV0", SfuConfigurationKeys.AuthKey, "c2VjcmV0")]
    [InlineData("HTTP_INTERFACE", "127.0.0.1", SfuConfigurationKeys.HttpInterface, "127.0.0.1")]
    [InlineData("PORT", "9000", SfuConfigurationKeys.HttpPort, "9000")]
    [InlineData("RTC_INTERFACE", "10.0.0.2", SfuConfigurationKeys.RtcInterface, "10.0.0.2")]
    [InlineData("PROXY", "1", SfuConfigurationKeys.HttpProxy, "true")]
    [InlineData("AUDIO_CODECS", "PCMU,opus", SfuConfigurationKeys.AudioCodecs, "PCMU,opus")]
    [InlineData("VIDEO_CODECS", "H264", SfuConfigurationKeys.VideoCodecs, "H264")]
    [InlineData("RTC_MIN_PORT", "41000", SfuConfigurationKeys.RtcMinPort, "41000")]
    [InlineData("RTC_MAX_PORT", "42000", SfuConfigurationKeys.RtcMaxPort, "42000")]
    [InlineData("MAX_BUF_IN", "1024", SfuConfigurationKeys.MaxBufIn, "1024")]
    [InlineData("MAX_BUF_OUT", "2048", SfuConfigurationKeys.MaxBufOut, "2048")]
    [InlineData("MAX_BITRATE_IN", "1000000", SfuConfigurationKeys.MaxBitrateIn, "1000000")]
    [InlineData("MAX_BITRATE_OUT", "2000000", SfuConfigurationKeys.MaxBitrateOut, "2000000")]
    [InlineData("MAX_VIDEO_BITRATE", "3000000", SfuConfigurationKeys.MaxVideoBitrate, "3000000")]
    [InlineData("CHANNEL_SIZE", "20", SfuConfigurationKeys.ChannelMaxSessions, "20")]
    [InlineData("WORKER_LOG_LEVEL", "debug", SfuConfigurationKeys.LoggingWorkerLevel, "debug")]
    [InlineData("LOG_LEVEL", "info", SfuConfigurationKeys.LoggingLevel, "info")]
    [InlineData("LOG_TIMESTAMP", "no", SfuConfigurationKeys.LoggingTimestamp, "false")]
    [InlineData("LOG_COLOR", "1", SfuConfigurationKeys.LoggingColor, "true")]
    [InlineData("NUM_WORKERS", "2", SfuConfigurationKeys.RtcNumWorkers, "2")]
    public void Each_variable_sets_its_configuration_key(string variable, string value, string key, string expected)
    {
        var config = ConfigurationFromEnvironment((variable, value));

        config[key].Should().Be(expected);
        config.AsEnumerable().Where(pair => pair.Value is not null).Should().ContainSingle();
    }

    [Fact]
    public void Every_variable_of_the_replaced_server_is_mapped()
    {
        SfuEnvironmentVariables.Names.Should().BeEquivalentTo(
            "PUBLIC_IP", "AUTH_KEY", "HTTP_INTERFACE", "PORT", "RTC_INTERFACE", "PROXY", "AUDIO_CODECS", "VIDEO_CODECS",
            "RTC_MIN_PORT", "RTC_MAX_PORT", "MAX_BUF_IN", "MAX_BUF_OUT", "MAX_BITRATE_IN", "MAX_BITRATE_OUT",
            "MAX_VIDEO_BITRATE", "CHANNEL_SIZE", "WORKER_LOG_LEVEL", "LOG_LEVEL", "LOG_TIMESTAMP", "LOG_COLOR", "NUM_WORKERS",
            "PERMISSIONS_HOST", "LISTEN");
    }

    [Fact]
    public void Each_variable_reaches_the_typed_settings()
    {
        var settings = FromEnvironment(
            ("PUBLIC_IP", "sfu.example.com"), ("AUTH_KEY", "u6bsUQEWrHdKIuYplirRnbBmLbrKV5PxKG7DtA71mng="),
            ("HTTP_INTERFACE", "127.0.0.1"), ("PORT", "9000"), ("RTC_INTERFACE", "::"), ("PROXY", "yes"),
            ("AUDIO_CODECS", "PCMA,opus"), ("VIDEO_CODECS", "H264_1_2cb,VP8"), ("RTC_MIN_PORT", "41000"),
            ("RTC_MAX_PORT", "41099"), ("MAX_BUF_IN", "4096"), ("MAX_BUF_OUT", "8192"), ("MAX_BITRATE_IN", "1000000"),
            ("MAX_BITRATE_OUT", "2000000"), ("MAX_VIDEO_BITRATE", "3000000"), ("CHANNEL_SIZE", "12"),
            ("WORKER_LOG_LEVEL", "warn"), ("LOG_LEVEL", "DEBUG"), ("LOG_TIMESTAMP", "0"), ("LOG_COLOR", "on"),
            ("NUM_WORKERS", "1"));

        settings.Auth.Key.Should().Be("u6bsUQEWrHdKIuYplirRnbBmLbrKV5PxKG7DtA71mng=");
        settings.Http.Should().Be(new HttpSettings("127.0.0.1", 9000, true, "sfu.example.com"));
        settings.Rtc.Should().Be(new RtcSettings("::", "sfu.example.com", 41000, 41099, 1));
        settings.Media.AudioCodecs.Should().Equal("PCMA", "opus");
        settings.Media.VideoCodecs.Should().Equal("H264_1_2cb", "VP8");
        (settings.Media.MaxBufIn, settings.Media.MaxBufOut).Should().Be((4096, 8192));
        (settings.Media.MaxBitrateIn, settings.Media.MaxBitrateOut, settings.Media.MaxVideoBitrate).Should().Be((1_000_000, 2_000_000, 3_000_000));
        settings.Channel.MaxSessions.Should().Be(12);
        settings.Logging.Should().Be(new LoggingSettings("debug", false, true, "warn"));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("no")]
    public void Proxy_is_on_for_any_non_empty_value_even_zero(string value)
    {
        FromEnvironment(("PROXY", value)).Http.Proxy.Should().BeTrue();
    }

    [Fact]
    public void Proxy_is_off_when_unset_or_empty()
    {
        FromEnvironment().Http.Proxy.Should().BeFalse();
        FromEnvironment(("PROXY", "")).Http.Proxy.Should().BeFalse();
    }

    [Theory]
    [InlineData("disable", false)]
    [InlineData("false", false)]
    [InlineData("none", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("NO", false)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("off", true)]
    [InlineData("anything", true)]
    [InlineData("", true)]
    public void Log_timestamp_is_off_only_for_the_five_off_words(string value, bool expected)
    {
        FromEnvironment(("LOG_TIMESTAMP", value)).Logging.Timestamp.Should().Be(expected);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", true)]
    [InlineData("false", true)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Log_color_is_on_for_any_non_empty_value_and_left_to_the_terminal_otherwise(string? value, bool? expected)
    {
        FromEnvironment(("LOG_COLOR", value)).Logging.Color.Should().Be(expected);
    }

    [Fact]
    public void An_empty_value_counts_as_unset()
    {
        var settings = FromEnvironment(("PORT", ""), ("CHANNEL_SIZE", ""), ("AUDIO_CODECS", ""), ("PUBLIC_IP", ""), ("AUTH_KEY", ""));

        settings.Http.Port.Should().Be(8070);
        settings.Channel.MaxSessions.Should().Be(100);
        settings.Media.AudioCodecs.Should().Equal("opus", "PCMU", "PCMA");
        settings.Http.PublicIp.Should().BeNull();
        settings.Auth.Key.Should().BeNull();
    }

    [Fact]
    public void Codec_lists_keep_the_given_order()
    {
        var settings = FromEnvironment(("AUDIO_CODECS", "PCMU,opus"), ("VIDEO_CODECS", "H264_1_3ch,VP9,VP8"));

        settings.Media.AudioCodecs.Should().Equal("PCMU", "opus");
        settings.Media.VideoCodecs.Should().Equal("H264_1_3ch", "VP9", "VP8");
    }

    [Fact]
    public void Codec_lists_drop_unknown_names_and_are_not_trimmed()
    {
        var settings = FromEnvironment(("AUDIO_CODECS", "opus, PCMU,G722,pcma"), ("VIDEO_CODECS", "H264_1_2c,AV1,VP8"));

        settings.Media.AudioCodecs.Should().Equal("opus");
        settings.Media.VideoCodecs.Should().Equal("VP8");
    }

    [Fact]
    public void A_codec_list_with_no_known_name_leaves_that_kind_without_codecs()
    {
        FromEnvironment(("VIDEO_CODECS", "AV1")).Media.VideoCodecs.Should().BeEmpty();
    }

    [Fact]
    public void Unset_codec_lists_mean_every_codec_in_table_order()
    {
        var media = FromEnvironment().Media;

        media.AudioCodecs.Should().Equal(SfuCodecNames.Audio);
        media.VideoCodecs.Should().Equal("VP8", "VP9", "H264", "H264_1_2cb", "H264_1_3ch");
    }

    [Fact]
    public void Num_workers_is_capped_at_the_processor_count_and_zero_means_one_per_processor()
    {
        FromEnvironment(("NUM_WORKERS", "100000")).Rtc.NumWorkers.Should().Be(System.Environment.ProcessorCount);
        FromEnvironment(("NUM_WORKERS", "0")).Rtc.NumWorkers.Should().Be(System.Environment.ProcessorCount);
        FromEnvironment(("NUM_WORKERS", "1")).Rtc.NumWorkers.Should().Be(1);
    }

    [Fact]
    public void Log_levels_are_accepted_in_any_case_and_reported_in_lowercase()
    {
        FromEnvironment(("LOG_LEVEL", "Verbose")).Logging.Level.Should().Be("verbose");
    }
}
