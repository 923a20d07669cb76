using System.Security;

namespace Sfu.Actors.Configuration;

/// <summary>
/// <c>include "file"</c>, <c>include file("file")</c>, <c>include required("file")</c> (HOCON spec
/// "Includes"). The included file's fields are merged where the statement stands; a missing file
/// is skipped unless required; a relative name is relative to the including file's directory.
/// </summary>
internal sealed partial class HoconParser
{
    private const int MaxIncludeDepth = 32;

    /// <summary>
    /// An unquoted <c>include</c> at the start of a key starts an include statement, unless a key
    /// separator follows it (<c>include = 1</c> is an ordinary field). HOCON spec "Include syntax".
    /// </summary>
    private bool IsIncludeStatement()
    {
        var token = Peek;
        if (token.Kind != HoconTokenKind.Unquoted || token.Text != "include")
        {
            return false;
        }

        var next = _index + 1;
        while (_tokens[next].Kind is HoconTokenKind.Whitespace or HoconTokenKind.Newline)
        {
            next++;
        }

        return _tokens[next].Kind is not (HoconTokenKind.Equals or HoconTokenKind.Colon
            or HoconTokenKind.OpenBrace or HoconTokenKind.PlusEquals);
    }

    private void ParseInclude(ObjectNode target, string[]? fullPath)
    {
        var statement = Next();
        SkipBlanksAndNewlines();
        var (name, required) = ParseIncludeTarget();
        var file = LocateInclude(name, statement.Origin);
        var text = ReadInclude(file, statement.Origin);
        if (text is null && Path.GetExtension(name).Length == 0)
        {
            // HOCON spec "Include semantics: file formats and extensions": a name without
            // extension means the file in one of the supported formats; ours is .conf.
            file += ".conf";
            text = ReadInclude(file, statement.Origin);
        }

        if (text is null)
        {
            if (required)
            {
                throw new HoconParseException(statement.Origin, $"the required include \"{name}\" was not found (looked for {file})");
            }

            return;
        }

        if (_includeStack.Contains(file))
        {
            throw new HoconParseException(statement.Origin,
                $"include cycle: {string.Join(" -> ", _includeStack)} -> {file}");
        }

        if (_includeStack.Count >= MaxIncludeDepth)
        {
            throw new HoconParseException(statement.Origin, $"includes are nested more than {MaxIncludeDepth} levels deep");
        }

        _includeStack.Add(file);
        var included = new HoconSource(file, text, Path.GetDirectoryName(file));
        new HoconParser(included, _builder, fullPath ?? [], _includeStack).ParseDocument(target, fullPath);
        _includeStack.RemoveAt(_includeStack.Count - 1);
    }

    /// <summary>Reads <c>"name"</c>, <c>file("name")</c>, <c>required("name")</c> or <c>required(file("name"))</c>.</summary>
    private (string Name, bool Required) ParseIncludeTarget()
    {
        var token = Peek;
        if (token.Kind == HoconTokenKind.Quoted)
        {
            Next();
            return (token.Text, false);
        }

        var opening = token.Text;
        var required = false;
        var parentheses = 0;
        if (opening.StartsWith("required(", StringComparison.Ordinal))
        {
            required = true;
            parentheses++;
            opening = opening["required(".Length..];
        }

        if (opening.StartsWith("file(", StringComparison.Ordinal))
        {
            parentheses++;
            opening = opening["file(".Length..];
        }
        else if (opening.StartsWith("url(", StringComparison.Ordinal) || opening.StartsWith("classpath(", StringComparison.Ordinal))
        {
            throw new HoconParseException(token.Origin, "only files can be included; url(...) and classpath(...) are not supported");
        }

        if (opening.Length != 0 || parentheses == 0)
        {
            throw new HoconParseException(token.Origin,
                $"include expects \"file\", file(\"file\") or required(\"file\"), found {token.Describe()}");
        }

        Next();
        SkipBlanks();
        var name = Peek;
        if (name.Kind != HoconTokenKind.Quoted)
        {
            throw new HoconParseException(name.Origin, $"include expects a quoted file name, found {name.Describe()}");
        }

        Next();
        SkipBlanks();
        var closing = Peek;
        if (closing.Kind != HoconTokenKind.Unquoted || closing.Text != new string(')', parentheses))
        {
            throw new HoconParseException(closing.Origin,
                $"expected '{new string(')', parentheses)}' to close the include of \"{name.Text}\", found {closing.Describe()}");
        }

        Next();
        return (name.Text, required);
    }

    private string LocateInclude(string name, HoconOrigin origin)
    {
        var directory = _source.Directory ?? _builder.Options.BaseDirectory ?? Environment.CurrentDirectory;
        try
        {
            return Path.GetFullPath(name, directory);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or SecurityException)
        {
            throw new HoconParseException(origin, $"\"{name}\" is not a usable file name: {e.Message}", e);
        }
    }

    private string? ReadInclude(string file, HoconOrigin origin)
    {
        try
        {
            return _builder.Options.ReadFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            throw new HoconParseException(origin, $"cannot read the included file {file}: {e.Message}", e);
        }
    }
}
