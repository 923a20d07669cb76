using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.HoconTestSupport;

namespace Sfu.Actors.Tests.Configuration;

public sealed class HoconSubstitutionTests
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["PORT"] = "9000",
        ["HOME"] = "/home/sfu",
        ["EMPTY"] = "",
    };

    [Fact]
    public void A_substitution_takes_the_value_at_its_path_keeping_the_type()
    {
        var config = Read("a { port = 8070 }\nb = ${a.port}\nc = ${a}");

        config.GetRequired("b").Kind.Should().Be(HoconValueKind.Number);
        config.GetInt32("b").Should().Be(8070);
        config.GetInt32("c.port").Should().Be(8070);
    }

    [Fact]
    public void Substitutions_are_resolved_after_the_whole_document_is_read()
    {
        var config = Read("b = ${a}\na = 1\na = 2");

        config.GetInt32("b").Should().Be(2);
    }

    [Fact]
    public void A_substitution_inside_a_string_is_concatenated()
    {
        var config = Read("host = example.org\nurl = \"https://\"${host}\":8070/\"\nnone = \"x\"${?missing}\"y\"");

        config.GetString("url").Should().Be("https://example.org:8070/");
        config.GetString("none").Should().Be("xy");
    }

    [Fact]
    public void A_substitution_of_an_object_merges_with_an_object_beside_it()
    {
        var config = Read("defaults { a = 1, b = 2 }\nmine = ${defaults} { b = 3 }");

        config.GetInt32("mine.a").Should().Be(1);
        config.GetInt32("mine.b").Should().Be(3);
    }

    [Fact]
    public void A_substitution_of_an_array_concatenates_with_an_array_beside_it()
    {
        Read("base = [1, 2]\nall = ${base} [3]").GetStringList("all").Should().Equal("1", "2", "3");
    }

    [Fact]
    public void An_object_may_refer_to_its_own_fields()
    {
        var config = Read("bar { foo = 42, baz = ${bar.foo} }");

        config.GetInt32("bar.baz").Should().Be(42);
    }

    [Fact]
    public void An_optional_substitution_falls_back_to_the_environment_variable()
    {
        var config = Read("port = 8070\nport = ${?PORT}\nhome = ${?HOME}", Environment);

        config.GetString("port").Should().Be("9000");
        config.GetString("home").Should().Be("/home/sfu");
    }

    [Fact]
    public void A_required_substitution_also_falls_back_to_the_environment_variable()
    {
        Read("home = ${HOME}", Environment).GetString("home").Should().Be("/home/sfu");
    }

    [Fact]
    public void An_optional_substitution_with_no_value_anywhere_is_dropped_and_keeps_the_earlier_value()
    {
        var config = Read("port = 8070\nport = ${?NOT_SET}\nother = ${?NOT_SET}", Environment);

        config.GetInt32("port").Should().Be(8070);
        config.HasPath("other").Should().BeFalse();
    }

    [Fact]
    public void An_empty_environment_variable_counts_as_unset()
    {
        var config = Read("a = default\na = ${?EMPTY}", Environment);

        config.GetString("a").Should().Be("default");
    }

    [Fact]
    public void A_value_set_in_the_configuration_wins_over_the_environment()
    {
        Read("PORT = 1234\nport = ${PORT}", Environment).GetInt32("port").Should().Be(1234);
    }

    [Fact]
    public void An_optional_substitution_missing_from_an_array_removes_the_element()
    {
        Read("a = [1, ${?NOT_SET}, 3]", Environment).GetStringList("a").Should().Equal("1", "3");
    }

    [Fact]
    public void A_required_substitution_with_no_value_anywhere_is_an_error_naming_its_position()
    {
        var error = ReadFails("a = 1\nb = ${nowhere}");

        error.Line.Should().Be(2);
        error.Column.Should().Be(5);
        error.Message.Should().Contain("${nowhere}").And.Contain("not defined");
    }

    [Fact]
    public void Substitutions_that_refer_to_each_other_in_a_circle_are_an_error()
    {
        var error = ReadFails("a = ${b}\nb = ${c}\nc = ${a}");

        error.Message.Should().Contain("circular substitution");
    }

    [Fact]
    public void An_object_that_contains_a_substitution_of_itself_is_an_error()
    {
        var error = ReadFails("a { b = ${a} }");

        error.Message.Should().Contain("circular substitution");
    }

    [Fact]
    public void A_self_reference_sees_the_value_written_before_it()
    {
        var config = Read("path = /usr/bin\npath = ${path}\":/opt/bin\"\nlist = [1]\nlist = ${list} [2]");

        config.GetString("path").Should().Be("/usr/bin:/opt/bin");
        config.GetStringList("list").Should().Equal("1", "2");
    }

    [Fact]
    public void An_optional_self_reference_without_earlier_value_uses_the_environment_or_disappears()
    {
        var config = Read("PORT = ${?PORT}\nfoo = ${?foo}", Environment);

        config.GetString("PORT").Should().Be("9000");
        config.HasPath("foo").Should().BeFalse();
    }

    [Fact]
    public void A_required_self_reference_without_earlier_value_is_an_error()
    {
        ReadFails("foo = ${foo}").Message.Should().Contain("no earlier value");
    }

    [Fact]
    public void Concatenating_an_object_with_a_string_is_an_error()
    {
        var error = ReadFails("a { x = 1 }\nb = ${a} text");

        error.Line.Should().Be(2);
        error.Message.Should().Contain("cannot concatenate");
    }

    [Fact]
    public void A_substitution_path_may_quote_an_element_holding_a_dot()
    {
        Read("\"a.b\" = 1\nc = ${\"a.b\"}").GetInt32("c").Should().Be(1);
    }

    [Fact]
    public void A_substituted_null_becomes_empty_text_inside_a_string()
    {
        Read("n = null\ns = a${n}b").GetString("s").Should().Be("ab");
    }

    [Fact]
    public void A_substitution_of_an_object_merged_with_an_earlier_object_keeps_both()
    {
        var config = Read("other { y = 2 }\na { x = 1 }\na = ${other}");

        config.GetObject("a").Keys.Should().BeEquivalentTo("x", "y");
    }

    [Fact]
    public void A_dotted_key_written_after_a_substituted_object_merges_into_it()
    {
        var config = Read("base { x = 1 }\na = ${base}\na.y = 2");

        config.GetObject("a").Keys.Should().BeEquivalentTo("x", "y");
        config.GetObject("base").Keys.Should().Equal("x");
    }

    [Fact]
    public void Plus_equals_appends_to_an_array_that_came_from_a_substitution()
    {
        Read("base = [1]\nlist = ${base}\nlist += 2").GetStringList("list").Should().Equal("1", "2");
    }

    [Fact]
    public void A_substitution_of_an_included_file_falls_back_to_the_root_path()
    {
        var files = new Dictionary<string, string> { ["/virtual/inner.conf"] = "y = ${x}" };

        var config = Read("x = 5\na { include \"inner.conf\" }", files: files);

        config.GetInt32("a.y").Should().Be(5);
    }
}
