using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.HoconTestSupport;

namespace Sfu.Actors.Tests.Configuration;

public sealed class HoconSyntaxTests
{
    [Fact]
    public void Equals_and_colon_both_separate_a_key_from_its_value()
    {
        var config = Read("a = 1\nb : 2");

        config.GetInt32("a").Should().Be(1);
        config.GetInt32("b").Should().Be(2);
    }

    [Fact]
    public void Braces_around_the_root_object_are_optional()
    {
        Read("{ a = 1 }").GetInt32("a").Should().Be(1);
        Read("a = 1").GetInt32("a").Should().Be(1);
    }

    [Fact]
    public void An_object_value_may_omit_the_separator()
    {
        var config = Read("sfu { http { port = 8070 } }");

        config.GetInt32("sfu.http.port").Should().Be(8070);
    }

    [Fact]
    public void Dotted_keys_build_nested_objects()
    {
        var config = Read("a.b.c = 1");

        config.GetObject("a").GetObject("b").GetInt32("c").Should().Be(1);
    }

    [Fact]
    public void A_quoted_key_keeps_its_dots()
    {
        var config = Read("\"a.b\" = 1\nc.\"d.e\".f = 2");

        config["a.b"].Should().BeOfType<HoconScalar>().Which.Text.Should().Be("1");
        config.GetInt32("c.\"d.e\".f").Should().Be(2);
    }

    [Fact]
    public void Words_separated_by_blanks_form_one_key()
    {
        Read("foo bar = 1")["foo bar"].Should().NotBeNull();
    }

    [Fact]
    public void Fields_are_separated_by_commas_or_newlines_and_a_trailing_comma_is_allowed()
    {
        var config = Read("a = 1, b = 2\nc = 3,\n");

        config.Keys.Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Hash_and_double_slash_start_comments()
    {
        var config = Read("""
            # a comment
            a = 1 # after a value
            // another comment
            b = 2 // after a value too
            c = "not # a comment"
            """);

        config.GetInt32("a").Should().Be(1);
        config.GetInt32("b").Should().Be(2);
        config.GetString("c").Should().Be("not # a comment");
    }

    [Fact]
    public void A_repeated_key_with_object_values_merges_the_objects()
    {
        var config = Read("a { x = 1, y = 2 }\na { y = 3, z = 4 }");

        config.GetInt32("a.x").Should().Be(1);
        config.GetInt32("a.y").Should().Be(3);
        config.GetInt32("a.z").Should().Be(4);
    }

    [Fact]
    public void Dotted_keys_merge_into_an_object_written_earlier()
    {
        var config = Read("a { x = 1 }\na.y = 2");

        config.GetObject("a").Keys.Should().Equal("x", "y");
    }

    [Fact]
    public void A_later_non_object_value_replaces_an_object_and_the_other_way_round()
    {
        var config = Read("a { x = 1 }\na = 5\nb = 5\nb { x = 1 }");

        config.GetInt32("a").Should().Be(5);
        config.GetObject("b").Keys.Should().Equal("x");
    }

    [Fact]
    public void Null_hides_an_earlier_object_from_a_later_one()
    {
        var config = Read("a { x = 1 }\na = null\na { y = 2 }");

        config.GetObject("a").Keys.Should().Equal("y");
    }

    [Fact]
    public void A_repeated_scalar_key_keeps_the_last_value()
    {
        Read("a = 1\na = 2").GetInt32("a").Should().Be(2);
    }

    [Fact]
    public void Arrays_hold_values_separated_by_commas_or_newlines()
    {
        var config = Read("""
            a = [1, "two", three, true, null, { x = 1 }, [5]]
            b = [
              opus
              PCMU,
              PCMA,
            ]
            c = []
            """);

        var a = config.GetRequired("a").Should().BeOfType<HoconArray>().Subject;
        a.Elements.Select(e => e.Kind).Should().Equal(HoconValueKind.Number, HoconValueKind.String, HoconValueKind.String,
            HoconValueKind.Boolean, HoconValueKind.Null, HoconValueKind.Object, HoconValueKind.Array);
        config.GetStringList("b").Should().Equal("opus", "PCMU", "PCMA");
        config.GetStringList("c").Should().BeEmpty();
    }

    [Fact]
    public void A_repeated_array_key_replaces_the_array()
    {
        Read("a = [1, 2, 3]\na = [4]").GetStringList("a").Should().Equal("4");
    }

    [Fact]
    public void Arrays_written_side_by_side_are_concatenated()
    {
        Read("a = [1, 2] [3]").GetStringList("a").Should().Equal("1", "2", "3");
    }

    [Fact]
    public void Objects_written_side_by_side_are_merged()
    {
        var config = Read("a = { x = 1 } { y = 2 }");

        config.GetObject("a").Keys.Should().Equal("x", "y");
    }

    [Fact]
    public void Quoted_strings_decode_json_escapes()
    {
        var config = Read("""a = "tab\tquote\"backslash\\slash\/newline\nunicode\u00e9" """);

        config.GetString("a").Should().Be("tab\tquote\"backslash\\slash/newline\nunicode\u00e9");
    }

    [Fact]
    public void Triple_quoted_strings_span_lines_and_keep_backslashes()
    {
        var config = Read("a = \"\"\"line one\n  line \\two\"\"\"\nb = \"\"\"ends with a quote\"\"\"\"");

        config.GetString("a").Should().Be("line one\n  line \\two");
        config.GetString("b").Should().Be("ends with a quote\"");
    }

    [Fact]
    public void Unquoted_text_is_a_string_that_may_hold_dots_slashes_and_dashes()
    {
        var config = Read("a = 127.0.0.1\nb = /var/lib/sfu\nc = H264_1_2cb\nd = some-value");

        config.GetString("a").Should().Be("127.0.0.1");
        config.GetString("b").Should().Be("/var/lib/sfu");
        config.GetString("c").Should().Be("H264_1_2cb");
        config.GetString("d").Should().Be("some-value");
    }

    [Theory]
    [InlineData("0", HoconValueKind.Number)]
    [InlineData("-12", HoconValueKind.Number)]
    [InlineData("1.50", HoconValueKind.Number)]
    [InlineData("6.02e23", HoconValueKind.Number)]
    [InlineData("01", HoconValueKind.String)]
    [InlineData("1.", HoconValueKind.String)]
    [InlineData("10s", HoconValueKind.String)]
    [InlineData("true", HoconValueKind.Boolean)]
    [InlineData("false", HoconValueKind.Boolean)]
    [InlineData("null", HoconValueKind.Null)]
    [InlineData("on", HoconValueKind.String)]
    [InlineData("\"8070\"", HoconValueKind.String)]
    public void Unquoted_values_are_typed_like_json(string written, HoconValueKind kind)
    {
        Read($"a = {written}").GetRequired("a").Kind.Should().Be(kind);
    }

    [Fact]
    public void Numbers_keep_the_text_they_were_written_with()
    {
        Read("a = 1.50").GetString("a").Should().Be("1.50");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    [InlineData("\"Yes\"", true)]
    public void Booleans_may_be_written_true_false_yes_no_on_off(string written, bool expected)
    {
        Read($"a = {written}").GetBoolean("a").Should().Be(expected);
    }

    [Fact]
    public void Values_side_by_side_on_one_line_join_into_a_string_keeping_inner_blanks()
    {
        var config = Read("a = foo   bar \"baz\"  # comment\nb = 1 2\nc = \"x\"\"y\"");

        config.GetString("a").Should().Be("foo   bar baz");
        config.GetRequired("b").Kind.Should().Be(HoconValueKind.String);
        config.GetString("b").Should().Be("1 2");
        config.GetString("c").Should().Be("xy");
    }

    [Fact]
    public void A_value_may_start_on_the_line_after_the_separator()
    {
        Read("a =\n  1").GetInt32("a").Should().Be(1);
    }

    [Fact]
    public void Unquoted_include_is_an_ordinary_key_when_no_file_name_follows()
    {
        var config = Read("include = 1\nfoo include = 2\nb = include");

        config.GetInt32("include").Should().Be(1);
        config.GetInt32("\"foo include\"").Should().Be(2);
        config.GetString("b").Should().Be("include");
    }

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        var config = Read("a = [1]\na += 2\nb += x");

        config.GetStringList("a").Should().Equal("1", "2");
        config.GetStringList("b").Should().Equal("x");
    }

    [Fact]
    public void A_byte_order_mark_and_windows_line_ends_are_accepted()
    {
        var config = Read("\uFEFFa = 1\r\nb = \"two\"\r\n");

        config.GetInt32("a").Should().Be(1);
        config.GetString("b").Should().Be("two");
    }

    [Fact]
    public void Fields_keep_the_order_they_were_first_written_in()
    {
        Read("b = 1\na = 2\nb = 3").Keys.Should().Equal("b", "a");
    }

    [Fact]
    public void Rendering_then_reading_gives_the_same_values()
    {
        var original = Read("a { \"b.c\" = \"x\\ny\", d = [1, 2.5, true, null, {e = \"\\u0001\"}] }, f = {}");

        var reread = Read(original.ToString());

        reread.ToString().Should().Be(original.ToString());
        reread.GetString("a.\"b.c\"").Should().Be("x\ny");
    }
}
