using Microsoft.Extensions.Configuration;
using Sfu.Actors.Configuration;

namespace Sfu.Actors.Tests.Configuration;

public sealed class HoconConfigurationProviderTests : IDisposable
{
    private static readonly HoconReadOptions NoEnvironment = new() { Environment = HoconTestSupport.NoEnvironment };

    private readonly string _directory = Directory.CreateTempSubdirectory("sfu-provider-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IConfigurationRoot FromString(string text) =>
        new ConfigurationBuilder().AddHoconString(text, NoEnvironment).Build();

    [Fact]
    public void Nested_keys_are_flattened_with_colons()
    {
        var config = FromString("sfu { http { port = 8070 } }\nsfu.rtc.min-port = 40000");

        config["sfu:http:port"].Should().Be("8070");
        config["sfu:rtc:min-port"].Should().Be("40000");
        config.GetSection("sfu").GetChildren().Select(c => c.Key).Should().BeEquivalentTo("http", "rtc");
    }

    [Fact]
    public void Array_elements_are_flattened_under_their_index()
    {
        var config = FromString("sfu.media.audio-codecs = [opus, PCMU]\nnested = [{ a = 1 }, [x, y]]");

        config["sfu:media:audio-codecs:0"].Should().Be("opus");
        config["sfu:media:audio-codecs:1"].Should().Be("PCMU");
        config["nested:0:a"].Should().Be("1");
        config["nested:1:1"].Should().Be("y");
    }

    [Fact]
    public void Scalars_are_flattened_as_their_text_and_null_as_a_null_value()
    {
        var data = HoconFlattener.Flatten(HoconTestSupport.Read("a = true\nb = 1.50\nc = \"text\"\nd = null\ne {}\nf = []"));

        data.Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["a"] = "true",
            ["b"] = "1.50",
            ["c"] = "text",
            ["d"] = null,
        });
    }

    [Fact]
    public void Configuration_keys_ignore_case_as_everywhere_in_microsoft_configuration()
    {
        FromString("Sfu.Http.Port = 1")["sfu:http:port"].Should().Be("1");
    }

    [Fact]
    public void A_hocon_file_is_read_with_its_includes()
    {
        File.WriteAllText(Path.Combine(_directory, "base.conf"), "sfu.http.port = 8070\nsfu.http.proxy = false");
        var path = Path.Combine(_directory, "main.conf");
        File.WriteAllText(path, "include \"base.conf\"\nsfu.http.proxy = true");

        var config = new ConfigurationBuilder().AddHoconFile(path, options: NoEnvironment).Build();

        config["sfu:http:port"].Should().Be("8070");
        config["sfu:http:proxy"].Should().Be("true");
    }

    [Fact]
    public void A_missing_optional_file_gives_nothing_and_a_missing_required_file_fails()
    {
        var missing = Path.Combine(_directory, "missing.conf");

        new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build().AsEnumerable().Should().BeEmpty();
        var act = () => new ConfigurationBuilder().AddHoconFile(missing).Build();
        act.Should().Throw<FileNotFoundException>().WithMessage("*missing.conf*");
    }

    [Fact]
    public void A_malformed_file_fails_the_build_with_its_position()
    {
        var path = Path.Combine(_directory, "bad.conf");
        File.WriteAllText(path, "sfu {\n  port = = 1\n}");

        var act = () => new ConfigurationBuilder().AddHoconFile(path).Build();

        act.Should().Throw<HoconParseException>().Which.Message.Should().StartWith($"{path}:2:10:");
    }

    [Fact]
    public void Later_sources_override_earlier_ones_key_by_key()
    {
        var config = new ConfigurationBuilder()
            .AddHoconString("sfu.http { port = 8070, proxy = false }", NoEnvironment)
            .AddHoconString("sfu.http.port = 9000", NoEnvironment)
            .Build();

        config["sfu:http:port"].Should().Be("9000");
        config["sfu:http:proxy"].Should().Be("false");
    }

    [Fact]
    public void Layers_read_as_one_document_let_a_shorter_list_replace_a_longer_one()
    {
        HoconSource[] layers =
        [
            HoconSource.FromText("codecs = [opus, PCMU, PCMA]", "reference"),
            HoconSource.FromText("codecs = [PCMU]", "user"),
        ];

        var config = new ConfigurationBuilder().AddHoconLayers(layers, NoEnvironment).Build();

        config.GetSection("codecs").GetChildren().Select(c => c.Value).Should().Equal("PCMU");
    }

    [Fact]
    public void Substitutions_in_an_earlier_layer_see_the_values_of_a_later_one()
    {
        HoconSource[] layers =
        [
            HoconSource.FromText("host = localhost\nurl = \"http://\"${host}", "reference"),
            HoconSource.FromText("host = example.org", "user"),
        ];

        HoconReader.ParseLayers(layers, NoEnvironment).GetString("url").Should().Be("http://example.org");
    }
}
