namespace Sfu.Actors.Configuration;

/// <summary>Splits a path such as <c>sfu.http.port</c> or <c>a."b.c"</c> into its elements.</summary>
public static class HoconPath
{
    /// <exception cref="ArgumentException">The text is not a path expression.</exception>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var builder = new HoconPathBuilder();
        var i = 0;
        var hasContent = false;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '"')
            {
                if (!HoconCharacters.TryReadQuoted(path, i, out var piece, out var end, out var error))
                {
                    throw new ArgumentException($"Invalid path \"{path}\": {error}.", nameof(path));
                }

                builder.AddQuoted(piece);
                i = end;
            }
            else if (HoconCharacters.IsBlank(c) || c == '\n' || HoconCharacters.IsReserved(c))
            {
                throw new ArgumentException($"Invalid path \"{path}\": quote the element holding '{c}'.", nameof(path));
            }
            else
            {
                var end = i;
                while (end < path.Length && path[end] != '"' && !HoconCharacters.IsBlank(path[end])
                       && path[end] != '\n' && !HoconCharacters.IsReserved(path[end]))
                {
                    end++;
                }

                builder.AddUnquoted(path[i..end]);
                i = end;
            }

            hasContent = true;
        }

        if (!hasContent)
        {
            throw new ArgumentException("A path cannot be empty.", nameof(path));
        }

        if (!builder.TryBuild(out var elements, out var pathError))
        {
            throw new ArgumentException($"Invalid path \"{path}\": {pathError}.", nameof(path));
        }

        return elements;
    }
}
