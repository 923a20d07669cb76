using System.Globalization;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Typed reads by path. Conversions follow HOCON spec "Automatic type conversions" (a number may
/// be read as a string, "yes"/"on" as true, ...) and the units formats for durations and sizes.
/// A value of the wrong shape is a <see cref="HoconParseException"/> at the value's position.
/// </summary>
public sealed partial class HoconObject
{
    /// <summary>The value at a path such as "sfu.http.port", or null when absent.</summary>
    public HoconValue? GetValue(string path)
    {
        HoconValue current = this;
        foreach (var key in HoconPath.Parse(path))
        {
            if (current is not HoconObject obj || obj[key] is not { } child)
            {
                return null;
            }

            current = child;
        }

        return current;
    }

    public bool HasPath(string path) => GetValue(path) is not null;

    /// <exception cref="KeyNotFoundException">Nothing is set at the path.</exception>
    public HoconValue GetRequired(string path) =>
        GetValue(path) ?? throw new KeyNotFoundException($"{Origin.Source}: no setting at '{path}'.");

    public HoconObject GetObject(string path) => GetRequired(path) as HoconObject
        ?? throw WrongType(path, "an object");

    /// <summary>A string, number or boolean as text. Null, objects and arrays are errors.</summary>
    public string GetString(string path) => ScalarText(path, "a string");

    public bool GetBoolean(string path)
    {
        var text = ScalarText(path, "a boolean");
        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw WrongType(path, "a boolean (true/false, yes/no, on/off)"),
        };
    }

    public int GetInt32(string path) =>
        int.TryParse(ScalarText(path, "a number"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw WrongType(path, $"a whole number from {int.MinValue} to {int.MaxValue}");

    public long GetInt64(string path) =>
        long.TryParse(ScalarText(path, "a number"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw WrongType(path, $"a whole number from {long.MinValue} to {long.MaxValue}");

    public double GetDouble(string path) =>
        double.TryParse(ScalarText(path, "a number"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw WrongType(path, "a number");

    public TimeSpan GetDuration(string path) =>
        HoconDuration.TryParse(ScalarText(path, "a duration"), out var value)
            ? value
            : throw WrongType(path, HoconDuration.AcceptedForms);

    public long GetBytes(string path) =>
        HoconSize.TryParse(ScalarText(path, "a size"), out var value)
            ? value
            : throw WrongType(path, HoconSize.AcceptedForms);

    /// <summary>An array of strings, numbers or booleans, each as text.</summary>
    public IReadOnlyList<string> GetStringList(string path)
    {
        if (GetRequired(path) is not HoconArray array)
        {
            throw WrongType(path, "an array");
        }

        var list = new List<string>(array.Elements.Count);
        foreach (var element in array.Elements)
        {
            if (element is not HoconScalar { Kind: not HoconValueKind.Null } scalar)
            {
                throw new HoconParseException(element.Origin, $"'{path}' must be an array of strings");
            }

            list.Add(scalar.Text);
        }

        return list;
    }

    private string ScalarText(string path, string expected) =>
        GetRequired(path) is HoconScalar { Kind: not HoconValueKind.Null } scalar
            ? scalar.Text
            : throw WrongType(path, expected);

    private HoconParseException WrongType(string path, string expected)
    {
        var value = GetRequired(path);
        var found = value is HoconScalar scalar
            ? scalar.Kind == HoconValueKind.Null ? "null" : $"\"{scalar.Text}\""
            : value.Kind == HoconValueKind.Object ? "an object" : "an array";
        return new HoconParseException(value.Origin, $"'{path}' must be {expected}, but it is {found}");
    }
}
