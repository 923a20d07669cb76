using Sfu.Actors.Configuration;

namespace Sfu.Actors.Tests.Configuration;

public sealed class HoconLexerTests
{
    private static List<HoconToken> Lex(string text) => HoconLexer.Tokenize(text, "test.conf");

    private static HoconTokenKind[] Kinds(string text) => [.. Lex(text).Select(t => t.Kind)];

    [Fact]
    public void A_field_is_a_key_a_separator_and_a_value_with_the_blanks_between_kept()
    {
        Kinds("port = 8070").Should().Equal(
            HoconTokenKind.Unquoted, HoconTokenKind.Whitespace, HoconTokenKind.Equals,
            HoconTokenKind.Whitespace, HoconTokenKind.Unquoted, HoconTokenKind.End);
    }

    [Fact]
    public void Comments_are_dropped_but_the_line_end_after_them_is_kept()
    {
        Kinds("a # note\n// more\nb").Should().Equal(
            HoconTokenKind.Unquoted, HoconTokenKind.Whitespace, HoconTokenKind.Newline,
            HoconTokenKind.Newline, HoconTokenKind.Unquoted, HoconTokenKind.End);
    }

    [Fact]
    public void A_single_slash_belongs_to_unquoted_text_and_a_double_slash_starts_a_comment()
    {
        var tokens = Lex("/usr/lib//comment");

        tokens[0].Text.Should().Be("/usr/lib");
        tokens[1].Kind.Should().Be(HoconTokenKind.End);
    }

    [Fact]
    public void Tokens_know_their_line_and_column()
    {
        var tokens = Lex("a = 1\n  b : \"two\"");

        var b = tokens.Single(t => t.Text == "b");
        b.Origin.Should().Be(new HoconOrigin("test.conf", 2, 3));
        tokens.Single(t => t.Kind == HoconTokenKind.Quoted).Origin.Column.Should().Be(7);
    }

    [Fact]
    public void A_triple_quoted_string_moves_the_line_count_past_its_newlines()
    {
        var tokens = Lex("a = \"\"\"one\ntwo\nthree\"\"\" b");

        tokens.Single(t => t.Text == "b").Origin.Should().Be(new HoconOrigin("test.conf", 3, 10));
    }

    [Fact]
    public void Plus_equals_and_brackets_are_tokens_of_their_own()
    {
        Kinds("a+=[{}]").Should().Equal(
            HoconTokenKind.Unquoted, HoconTokenKind.PlusEquals, HoconTokenKind.OpenBracket, HoconTokenKind.OpenBrace,
            HoconTokenKind.CloseBrace, HoconTokenKind.CloseBracket, HoconTokenKind.End);
    }

    [Fact]
    public void A_substitution_token_carries_its_split_path_and_whether_it_is_optional()
    {
        var required = Lex("${a.\"b.c\".d}")[0];
        var optional = Lex("${? HOME }")[0];

        required.Kind.Should().Be(HoconTokenKind.Substitution);
        required.SubstitutionPath.Should().Equal("a", "b.c", "d");
        required.IsOptionalSubstitution.Should().BeFalse();
        optional.SubstitutionPath.Should().Equal("HOME");
        optional.IsOptionalSubstitution.Should().BeTrue();
    }

    [Fact]
    public void Reserved_characters_outside_quotes_are_an_error_at_their_position()
    {
        var act = () => Lex("a = b@c");

        var error = act.Should().Throw<HoconParseException>().Which;
        (error.Line, error.Column).Should().Be((1, 6));
        error.Message.Should().Contain("'@' is reserved");
    }

    [Fact]
    public void Unquoted_text_stops_at_blanks_and_reserved_characters()
    {
        Lex("H264_1_2cb,VP8").Where(t => t.Kind == HoconTokenKind.Unquoted).Select(t => t.Text).Should().Equal("H264_1_2cb", "VP8");
    }
}
