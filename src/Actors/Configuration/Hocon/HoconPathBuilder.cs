using System.Text;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Assembles a path expression (a key, or the inside of <c>${...}</c>) from its pieces. HOCON spec
/// "Path expressions": dots in unquoted text separate elements, dots inside quotes do not, and
/// whitespace between pieces belongs to the element (<c>a b.c</c> is the path ["a b", "c"]).
/// </summary>
internal sealed class HoconPathBuilder
{
    private readonly List<string> _elements = [];
    private readonly StringBuilder _current = new();
    private bool _currentHasContent;
    private string? _error;

    public void AddUnquoted(string text)
    {
        foreach (var c in text)
        {
            if (c == '.')
            {
                FinishElement();
            }
            else
            {
                _current.Append(c);
                _currentHasContent = true;
            }
        }
    }

    /// <summary>A quoted piece counts as content even when empty: <c>"".a</c> has an element "".</summary>
    public void AddQuoted(string text)
    {
        _current.Append(text);
        _currentHasContent = true;
    }

    public void AddWhitespace(string text) => _current.Append(text);

    public bool TryBuild(out string[] path, out string error)
    {
        FinishElement();
        if (_error is not null)
        {
            path = [];
            error = _error;
            return false;
        }

        path = [.. _elements];
        error = string.Empty;
        return true;
    }

    private void FinishElement()
    {
        if (!_currentHasContent)
        {
            _error ??= "a path element is empty (two dots in a row, or a dot at the start or end); quote it if you mean an empty key";
        }

        _elements.Add(_current.ToString());
        _current.Clear();
        _currentHasContent = false;
    }
}
