namespace Sfu.Actors.Configuration;

/// <summary>
/// A resolved HOCON object: fields in the order they were first written. Typed getters taking a
/// path such as "sfu.http.port" are in HoconObject.Getters.cs.
/// </summary>
public sealed partial class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(HoconOrigin origin, OrderedDictionary<string, HoconValue> fields) : base(origin) => _fields = fields;

    public override HoconValueKind Kind => HoconValueKind.Object;

    /// <summary>The fields, enumerated in document order.</summary>
    public IReadOnlyDictionary<string, HoconValue> Fields => _fields;

    public IEnumerable<string> Keys => _fields.Keys;

    public int Count => _fields.Count;

    /// <summary>The direct field named <paramref name="key"/> (not a path), or null.</summary>
    public HoconValue? this[string key] => _fields.TryGetValue(key, out var value) ? value : null;
}
