using Microsoft.Extensions.Configuration;
using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.SettingsTestSupport;

namespace Sfu.Actors.Tests.Configuration;

public sealed class SfuReferenceConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sfu-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>PROTOCOL.md section 5.9: the variables' defaults and the fixed timing constants.</summary>
    [Fact]
    public void The_reference_configuration_gives_exactly_the_defaults_of_the_replaced_server()
    {
        var settings = SfuSettings.Create(new ConfigurationBuilder().AddSfuReference().Build());

        settings.Development.Should().BeFalse();
        settings.Auth.Key.Should().BeNull();
        settings.Http.Should().Be(new HttpSettings("0.0.0.0", 8070, Proxy: false, PublicIp: null));
        settings.Rtc.Should().Be(new RtcSettings("0.0.0.0", null, 40000, 49999, System.Environment.ProcessorCount));
        settings.Media.AudioCodecs.Should().Equal("opus", "PCMU", "PCMA");
        settings.Media.VideoCodecs.Should().Equal("VP8", "VP9", "H264", "H264_1_2cb", "H264_1_3ch");
        (settings.Media.MaxBufIn, settings.Media.MaxBufOut).Should().Be((0, 0));
        settings.Media.MaxBitrateIn.Should().Be(8_000_000);
        settings.Media.MaxBitrateOut.Should().Be(10_000_000);
        settings.Media.MaxVideoBitrate.Should().Be(4_000_000);
        settings.Channel.Should().Be(new ChannelSettings(100, TimeSpan.FromMilliseconds(3_600_000), TimeSpan.FromMilliseconds(2_000), 6, 6, TimeSpan.FromMinutes(1)));
        settings.Signaling.Should().Be(new SignalingSettings(
            AuthenticationTimeout: TimeSpan.FromMilliseconds(10_000),
            ConnectionTimeout: TimeSpan.FromMilliseconds(10_000),
            PingInterval: TimeSpan.FromMilliseconds(60_000),
            PingTimeout: TimeSpan.FromMilliseconds(10_000),
            BatchDelay: TimeSpan.FromMilliseconds(300),
            RequestTimeout: TimeSpan.FromMilliseconds(5_000),
            StatsTimeout: TimeSpan.FromSeconds(2)));
        settings.Logging.Should().Be(new LoggingSettings("error", Timestamp: true, Color: null, WorkerLevel: "none"));
        settings.Limits.Should().Be(new LimitSettings(64 * 1024, 1024 * 1024, 1024));
    }

    [Fact]
    public void An_empty_configuration_falls_back_to_the_reference_defaults()
    {
        var fromNothing = SfuSettings.Create(new ConfigurationBuilder().Build());
        var fromReference = SfuSettings.Create(new ConfigurationBuilder().AddSfuReference().Build());

        fromNothing.Should().BeEquivalentTo(fromReference);
    }

    [Fact]
    public void Every_setting_of_the_reference_file_has_a_comment()
    {
        var lines = SfuReferenceConfiguration.Text.Split('\n');
        var uncommented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.EndsWith('{') || line == "}")
            {
                continue;
            }

            // A setting is documented by the comment block just above it, or shares that of the line above.
            var above = lines[i - 1].Trim();
            if (!above.StartsWith('#') && !(above.Contains('=') && !above.StartsWith('#')))
            {
                uncommented.Add(line);
            }
        }

        uncommented.Should().BeEmpty();
    }

    [Fact]
    public void The_reference_file_sets_every_configuration_key_but_those_without_default()
    {
        var constants = typeof(SfuConfigurationKeys).GetFields().Select(f => (string)f.GetRawConstantValue()!);
        var flattened = HoconFlattener.Flatten(HoconReader.Parse(SfuReferenceConfiguration.Text)).Keys
            .Select(key => System.Text.RegularExpressions.Regex.Replace(key, ":[0-9]+$", string.Empty))
            .Distinct();

        flattened.Should().BeEquivalentTo(constants.Except([SfuConfigurationKeys.PublicIp, SfuConfigurationKeys.AuthKey, SfuConfigurationKeys.BeepPermissionsHost,
            SfuConfigurationKeys.BeepListen]));
        SfuReferenceConfiguration.Text.Should().Contain("# public-ip = ").And.Contain("# key = ").And.Contain("# permissions-host = ",
            "the settings without default are shown commented out");
    }

    [Fact]
    public void The_development_file_binds_everything_to_loopback()
    {
        var hoconDirectory = FindHoconDirectory();

        var settings = SfuSettings.Load(Environment(), Path.Combine(hoconDirectory, "development.conf"));

        settings.Development.Should().BeTrue();
        settings.Http.Interface.Should().Be("127.0.0.1");
        settings.Http.PublicIp.Should().Be("127.0.0.1");
        settings.Rtc.Interface.Should().Be("127.0.0.1");
        settings.Rtc.PublicIp.Should().Be("127.0.0.1");
        settings.Http.Port.Should().Be(8070);
    }

    [Fact]
    public void The_user_file_named_by_sfu_config_overrides_the_reference_and_replaces_lists()
    {
        var path = Path.Combine(_directory, "sfu.conf");
        File.WriteAllText(path, "sfu { http.port = 9000, media.video-codecs = [H264], channel.close-timeout = 30m }");

        var settings = SfuSettings.Load(Environment(("SFU_CONFIG", path)), hoconPath: null);

        settings.Http.Port.Should().Be(9000);
        settings.Media.VideoCodecs.Should().Equal("H264");
        settings.Channel.CloseTimeout.Should().Be(TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Environment_variables_override_the_user_file_and_overrides_override_both()
    {
        var path = Path.Combine(_directory, "sfu.conf");
        File.WriteAllText(path, "sfu { http.port = 9000, media.audio-codecs = [PCMU], channel.max-sessions = 5 }");

        var settings = SfuSettings.Load(
            Environment(("PORT", "9100"), ("AUDIO_CODECS", "PCMA"), ("CHANNEL_SIZE", "7")),
            path,
            [new(SfuConfigurationKeys.ChannelMaxSessions, "9"), new(SfuConfigurationKeys.Development, "true")]);

        settings.Http.Port.Should().Be(9100);
        settings.Media.AudioCodecs.Should().Equal("PCMA");
        settings.Channel.MaxSessions.Should().Be(9);
        settings.Development.Should().BeTrue();
    }

    [Fact]
    public void A_user_file_may_use_substitutions_of_environment_variables()
    {
        var path = Path.Combine(_directory, "sfu.conf");
        File.WriteAllText(path, "sfu.public-ip = ${?MY_PUBLIC_ADDRESS}\nsfu.channel.max-sessions = ${?MY_SIZE}");

        var settings = SfuSettings.Load(Environment(("MY_PUBLIC_ADDRESS", "198.51.100.4")), path);

        settings.Http.PublicIp.Should().Be("198.51.100.4");
        settings.Channel.MaxSessions.Should().Be(100);
    }

    [Fact]
    public void An_explicit_path_wins_over_sfu_config()
    {
        var chosen = Path.Combine(_directory, "chosen.conf");
        File.WriteAllText(chosen, "sfu.http.port = 1111");

        SfuSettings.Load(Environment(("SFU_CONFIG", "/nowhere/sfu.conf")), chosen).Http.Port.Should().Be(1111);
    }

    [Fact]
    public void A_missing_user_file_stops_start_up_with_a_settings_exception()
    {
        var act = () => SfuSettings.Load(Environment(("SFU_CONFIG", "/nowhere/sfu.conf")), null);

        act.Should().Throw<SettingsException>().WithMessage("The configuration file \"/nowhere/sfu.conf\" (named by SFU_CONFIG) does not exist.");
    }

    [Fact]
    public void A_malformed_user_file_stops_start_up_naming_file_line_and_column()
    {
        var path = Path.Combine(_directory, "sfu.conf");
        File.WriteAllText(path, "sfu {\n  http.port = [\n}");

        var act = () => SfuSettings.Load(Environment(), path);

        act.Should().Throw<SettingsException>().Which.Message.Should().Be($"Cannot read the configuration: {path}:3:1: expected an array element, found '}}'");
    }

    [Fact]
    public void A_bad_value_in_the_user_file_is_reported_like_a_bad_variable()
    {
        var path = Path.Combine(_directory, "sfu.conf");
        File.WriteAllText(path, "sfu.http.port = eighty");

        var act = () => SfuSettings.Load(Environment(), path);

        act.Should().Throw<SettingsException>().WithMessage("Invalid setting PORT (sfu.http.port): \"eighty\" is not a port number; expected an integer from 1 to 65535.");
    }

    [Fact]
    public void Codec_lists_may_be_a_comma_separated_string_in_hocon_too()
    {
        var path = Path.Combine(_directory, "sfu.conf");
        File.WriteAllText(path, "sfu.media.audio-codecs = \"PCMU,opus\"");

        SfuSettings.Load(Environment(), path).Media.AudioCodecs.Should().Equal("PCMU", "opus");
    }

    private static string FindHoconDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "hocon");
            if (File.Exists(Path.Combine(candidate, "development.conf")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The hocon folder was not found above the test output directory.");
    }
}
