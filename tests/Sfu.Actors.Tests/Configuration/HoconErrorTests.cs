using static Sfu.Actors.Tests.Configuration.HoconTestSupport;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>Every error names the source, line and column of the problem.</summary>
public sealed class HoconErrorTests
{
    [Theory]
    [InlineData("a = 1\nb = = 2", 2, 5, "unexpected '='")]
    [InlineData("a = 1\n\n  b 2", 3, 6, "expected ':', '=' or '{' after the key 'b 2'")]
    [InlineData("a {\n  b = 1\n", 1, 3, "never closed")]
    [InlineData("a = [1, 2\n", 1, 5, "never closed")]
    [InlineData("a = \"open\nb = 1", 1, 5, "not closed")]
    [InlineData("a = \"bad \\q escape\"", 1, 10, "not a valid escape")]
    [InlineData("a = 1,, b = 2", 1, 7, "unexpected ','")]
    [InlineData("a = [1,,2]", 1, 8, "unexpected ','")]
    [InlineData("a = 1 }", 1, 7, "expected")]
    [InlineData("a = x!y", 1, 6, "reserved")]
    [InlineData("a = ${b", 1, 5, "not closed")]
    [InlineData("a = ${}", 1, 5, "empty path")]
    [InlineData("a..b = 1", 1, 1, "empty")]
    [InlineData("[1, 2]", 1, 1, "must be an object")]
    [InlineData("a = \"\"\"never closed", 1, 5, "triple-quoted")]
    [InlineData("{ a = 1 } b = 2", 1, 11, "after the '}'")]
    [InlineData("a = url: http://x", 1, 8, "double quotes")]
    [InlineData("${a} = 1", 1, 1, "substitutions are only allowed in values")]
    [InlineData("a =", 1, 4, "expected a value")]
    [InlineData("include foo", 1, 9, "include expects")]
    [InlineData("include\nb = 1", 2, 1, "include expects")]
    public void Syntax_errors_name_line_and_column(string text, int line, int column, string fragment)
    {
        var error = ReadFails(text);

        error.SourceName.Should().Be("<string>");
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().StartWith($"<string>:{line}:{column}: ").And.Contain(fragment);
    }

    [Fact]
    public void Very_deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        var text = "a = " + new string('[', 5000) + new string(']', 5000);

        ReadFails(text).Message.Should().Contain("nested more than");
    }

    [Fact]
    public void A_typed_getter_reports_where_the_unconvertible_value_was_written()
    {
        var config = Read("a = 1\nport = \"abc\"");

        var act = () => config.GetInt32("port");

        var error = act.Should().Throw<Sfu.Actors.Configuration.HoconParseException>().Which;
        (error.Line, error.Column).Should().Be((2, 8));
        error.Message.Should().Contain("'port' must be a whole number").And.Contain("\"abc\"");
    }

    [Fact]
    public void A_typed_getter_on_a_missing_path_throws_key_not_found()
    {
        var act = () => Read("a = 1").GetString("b.c");

        act.Should().Throw<KeyNotFoundException>().WithMessage("*'b.c'*");
    }
}
