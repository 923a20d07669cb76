using System.Globalization;
using System.Text;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Writes a resolved value back as HOCON (every key and string quoted, so any content survives).
/// Reading the output gives an equal value; the fuzz tests rely on that.
/// </summary>
public static class HoconRenderer
{
    public static string Render(HoconValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        Write(builder, value, indent: 0);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, HoconValue value, int indent)
    {
        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0)
                {
                    builder.Append("{}");
                    return;
                }

                builder.Append("{\n");
                foreach (var (key, field) in obj.Fields)
                {
                    builder.Append(' ', (indent + 1) * 2);
                    WriteQuoted(builder, key);
                    builder.Append(" = ");
                    Write(builder, field, indent + 1);
                    builder.Append('\n');
                }

                builder.Append(' ', indent * 2).Append('}');
                return;
            case HoconArray array:
                builder.Append('[');
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, array.Elements[i], indent + 1);
                }

                builder.Append(']');
                return;
            case HoconScalar { Kind: HoconValueKind.String } text:
                WriteQuoted(builder, text.Text);
                return;
            case HoconScalar scalar:
                builder.Append(scalar.Text);
                return;
        }
    }

    /// <summary>JSON string syntax (RFC 8259 section 7), which HOCON's quoted strings share.</summary>
    internal static void WriteQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ' || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
