using Sfu.Actors.Configuration;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>Includes against real files in a temporary directory.</summary>
public sealed class HoconIncludeTests : IDisposable
{
    private static readonly HoconReadOptions NoEnvironment = new() { Environment = HoconTestSupport.NoEnvironment };

    private readonly string _directory = Directory.CreateTempSubdirectory("sfu-hocon-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void An_included_file_is_merged_where_the_include_stands()
    {
        Write("base.conf", "a = 1\nb = 2");
        var main = Write("main.conf", "a = 0\ninclude \"base.conf\"\nb = 3");

        var config = HoconReader.ParseFile(main, NoEnvironment);

        config.GetInt32("a").Should().Be(1);
        config.GetInt32("b").Should().Be(3);
    }

    [Fact]
    public void An_include_is_relative_to_the_including_file_not_the_current_directory()
    {
        Write("conf/nested/inner.conf", "inner = yes");
        Write("conf/outer.conf", "include \"nested/inner.conf\"");
        var main = Write("main.conf", "include \"conf/outer.conf\"");

        HoconReader.ParseFile(main, NoEnvironment).GetBoolean("inner").Should().BeTrue();
    }

    [Fact]
    public void An_include_inside_an_object_puts_the_fields_under_it()
    {
        Write("http.conf", "port = 8070\nurl = \"http://host:\"${port}");
        var main = Write("main.conf", "sfu { http { include \"http.conf\" } }\nsfu.http.port = 9000");

        var config = HoconReader.ParseFile(main, NoEnvironment);

        config.GetInt32("sfu.http.port").Should().Be(9000);
        config.GetString("sfu.http.url").Should().Be("http://host:9000", "substitutions of an included file are relative to where it is included");
    }

    [Fact]
    public void A_missing_include_is_ignored_but_a_missing_required_include_is_an_error()
    {
        var lenient = Write("lenient.conf", "include \"absent.conf\"\na = 1");
        var strict = Write("strict.conf", "a = 1\ninclude required(\"absent.conf\")");

        HoconReader.ParseFile(lenient, NoEnvironment).GetInt32("a").Should().Be(1);
        var act = () => HoconReader.ParseFile(strict, NoEnvironment);
        var error = act.Should().Throw<HoconParseException>().Which;
        error.Line.Should().Be(2);
        error.SourceName.Should().EndWith("strict.conf");
        error.Message.Should().Contain("absent.conf");
    }

    [Fact]
    public void File_and_required_file_forms_are_accepted()
    {
        Write("a.conf", "a = 1");
        Write("b.conf", "b = 2");
        var main = Write("main.conf", "include file(\"a.conf\")\ninclude required(file(\"b.conf\"))");

        var config = HoconReader.ParseFile(main, NoEnvironment);

        config.GetInt32("a").Should().Be(1);
        config.GetInt32("b").Should().Be(2);
    }

    [Fact]
    public void An_include_without_extension_finds_the_conf_file()
    {
        Write("base.conf", "a = 1");
        var main = Write("main.conf", "include required(\"base\")");

        HoconReader.ParseFile(main, NoEnvironment).GetInt32("a").Should().Be(1);
    }

    [Fact]
    public void A_file_that_includes_itself_through_another_is_an_error()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");

        var act = () => HoconReader.ParseFile(Path.Combine(_directory, "a.conf"), NoEnvironment);

        act.Should().Throw<HoconParseException>().WithMessage("*include cycle*");
    }

    [Fact]
    public void A_syntax_error_in_an_included_file_names_that_file_and_line()
    {
        Write("broken.conf", "a = 1\nb = = 2");
        var main = Write("main.conf", "include \"broken.conf\"");

        var act = () => HoconReader.ParseFile(main, NoEnvironment);

        var error = act.Should().Throw<HoconParseException>().Which;
        error.SourceName.Should().EndWith("broken.conf");
        error.Line.Should().Be(2);
        error.Column.Should().Be(5);
    }

    [Fact]
    public void A_missing_top_level_file_is_reported_as_not_found()
    {
        var act = () => HoconReader.ParseFile(Path.Combine(_directory, "nope.conf"));

        act.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Url_includes_are_refused()
    {
        var main = Write("main.conf", "include url(\"http://example.org/x.conf\")");

        var act = () => HoconReader.ParseFile(main, NoEnvironment);

        act.Should().Throw<HoconParseException>().WithMessage("*url(...)*not supported*");
    }
}
