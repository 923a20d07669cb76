namespace Sfu.Actors.Configuration;

public enum HoconValueKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A resolved, immutable HOCON value: no substitution or pending merge is left in it.</summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin) => Origin = origin;

    /// <summary>Where the value was written (for a merged object, where its newest part was).</summary>
    public HoconOrigin Origin { get; }

    public abstract HoconValueKind Kind { get; }

    /// <summary>HOCON text for this value; reading it back gives an equal value.</summary>
    public override string ToString() => HoconRenderer.Render(this);
}

/// <summary>A string, number, boolean or null; <see cref="Text"/> is the text as written.</summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(HoconOrigin origin, HoconValueKind kind, string text) : base(origin)
    {
        Kind = kind;
        Text = text;
    }

    public override HoconValueKind Kind { get; }

    /// <summary>The string's content, the number as written (<c>1.50</c>), "true"/"false", or "null".</summary>
    public string Text { get; }
}

public sealed class HoconArray : HoconValue
{
    internal HoconArray(HoconOrigin origin, IReadOnlyList<HoconValue> elements) : base(origin) => Elements = elements;

    public override HoconValueKind Kind => HoconValueKind.Array;

    public IReadOnlyList<HoconValue> Elements { get; }
}
