using System.Collections;

namespace Sfu.Transport.Ortc;

/// <summary>
/// The <c>parameters</c> object of a codec or header extension: string keys in insertion order (JSON.stringify
/// writes them in that order, and Appendix A's byte string depends on it) mapped to string-or-number values.
/// Immutable; the With/Without methods return a copy.
/// </summary>
public sealed class CodecParameters : IReadOnlyList<KeyValuePair<string, CodecParameterValue>>, IEquatable<CodecParameters>
{
    private readonly KeyValuePair<string, CodecParameterValue>[] entries;

    private CodecParameters(KeyValuePair<string, CodecParameterValue>[] entries) => this.entries = entries;

    public static CodecParameters Empty { get; } = new([]);

    public int Count => entries.Length;

    public KeyValuePair<string, CodecParameterValue> this[int index] => entries[index];

    /// <summary>Builds from pairs; a repeated key keeps its first position and its last value, like JSON.parse.</summary>
    public static CodecParameters Of(params IEnumerable<(string Key, CodecParameterValue Value)> pairs)
    {
        var list = new List<KeyValuePair<string, CodecParameterValue>>();
        foreach ((string key, CodecParameterValue value) in pairs)
        {
            ArgumentNullException.ThrowIfNull(key);
            int index = list.FindIndex(e => e.Key == key);
            if (index >= 0)
            {
                list[index] = new(key, value);
            }
            else
            {
                list.Add(new(key, value));
            }
        }

        return list.Count == 0 ? Empty : new CodecParameters([.. list]);
    }

    public bool TryGet(string key, out CodecParameterValue value)
    {
        foreach (KeyValuePair<string, CodecParameterValue> entry in entries)
        {
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public CodecParameterValue? Get(string key) => TryGet(key, out CodecParameterValue value) ? value : (CodecParameterValue?)null;

    /// <summary>Sets a value: replaced in place when the key exists, appended otherwise (JavaScript assignment).</summary>
    public CodecParameters With(string key, CodecParameterValue value) =>
        Of(entries.Select(e => (e.Key, e.Value)).Append((key, value)));

    /// <summary>Removes a key (JavaScript delete).</summary>
    public CodecParameters Without(string key) =>
        TryGet(key, out _) ? Of(entries.Where(e => e.Key != key).Select(e => (e.Key, e.Value))) : this;

    /// <summary>Object spread <c>{...this, ...other}</c>: keys of this first, then new keys of other; other's values win.</summary>
    public CodecParameters Merge(CodecParameters other) =>
        Of(entries.Concat(other.entries).Select(e => (e.Key, e.Value)));

    public IEnumerator<KeyValuePair<string, CodecParameterValue>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, CodecParameterValue>>)entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same keys in the same order with strictly equal values.</summary>
    public bool Equals(CodecParameters? other) =>
        other is not null && entries.AsSpan().SequenceEqual(other.entries);

    public override bool Equals(object? obj) => Equals(obj as CodecParameters);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (KeyValuePair<string, CodecParameterValue> entry in entries)
        {
            hash.Add(entry.Key);
            hash.Add(entry.Value);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(";", entries.Select(e => e.Key + "=" + e.Value));
}
