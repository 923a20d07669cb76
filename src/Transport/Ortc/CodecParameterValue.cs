namespace Sfu.Transport.Ortc;

/// <summary>
/// A codec or header extension parameter value: a JSON string or a JSON number, never converted into the other
/// (PROTOCOL §0.3 rule 2). Equality is JavaScript's strict equality, which is what mediasoup's matching uses:
/// <c>1</c> and <c>"1"</c> differ.
/// </summary>
public readonly record struct CodecParameterValue
{
    private CodecParameterValue(string? text, double number)
    {
        Text = text;
        Number = number;
    }

    /// <summary>The string value; null when the value is a number.</summary>
    public string? Text { get; }

    /// <summary>The number value; 0 when the value is a string.</summary>
    public double Number { get; }

    public bool IsString => Text is not null;

    public bool IsNumber => Text is null;

    /// <summary>JavaScript truthiness: "" and 0 are falsy, which mediasoup's "|| 0" defaults rely on.</summary>
    public bool IsTruthy => IsString ? Text!.Length > 0 : Number != 0;

    public static CodecParameterValue FromString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CodecParameterValue(text, 0);
    }

    public static CodecParameterValue FromNumber(double number) => new(null, number);

    public static implicit operator CodecParameterValue(string text) => FromString(text);

    public static implicit operator CodecParameterValue(int number) => FromNumber(number);

    /// <summary>True when the value is a number with an integral value, returned as <paramref name="value"/>.</summary>
    public bool TryGetInteger(out int value)
    {
        if (IsNumber && Number == Math.Floor(Number) && Number >= int.MinValue && Number <= int.MaxValue)
        {
            value = (int)Number;
            return true;
        }

        value = 0;
        return false;
    }

    public override string ToString() =>
        IsString ? Text! : JsNumberFormat.Format(Number);
}
