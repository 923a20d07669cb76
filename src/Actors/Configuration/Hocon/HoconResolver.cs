using System.Text;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Replaces substitutions once the whole configuration is read (HOCON spec "Substitutions"), and
/// settles the merges and concatenations that depended on them.
/// Resolution is lazy and by path: looking up <c>${bar.foo}</c> only resolves <c>bar</c> far enough
/// to find <c>foo</c>, so an object may refer to its own fields (the spec requires this), while a
/// value that needs itself is reported as a cycle.
/// </summary>
internal sealed class HoconResolver
{
    /// <summary>Chains of substitutions longer than this are not configuration; stop before the stack does.</summary>
    private const int MaxDepth = 256;

    private readonly ObjectNode _root;
    private readonly HoconReadOptions _options;
    private readonly Dictionary<HoconNode, HoconNode?> _resolved = [];
    private readonly List<HoconNode> _inProgress = [];
    private readonly Dictionary<HoconNode, HoconValue> _built = [];
    private readonly HashSet<HoconNode> _building = [];
    private int _depth;

    private HoconResolver(ObjectNode root, HoconReadOptions options)
    {
        _root = root;
        _options = options;
    }

    public static HoconObject Resolve(ObjectNode root, HoconReadOptions options) =>
        (HoconObject)new HoconResolver(root, options).Build(root)!;

    /// <summary>
    /// What a node stands for, one level deep: an object (whose fields may still be unresolved),
    /// an array, a scalar, or null when it is undefined (a missing <c>${?x}</c>).
    /// </summary>
    private HoconNode? Shallow(HoconNode node)
    {
        if (node is ObjectNode or ArrayNode or ScalarNode)
        {
            return node;
        }

        if (_resolved.TryGetValue(node, out var known))
        {
            return known;
        }

        var cycleStart = _inProgress.IndexOf(node);
        if (cycleStart >= 0)
        {
            throw CycleError(cycleStart);
        }

        EnterDepth(node);
        _inProgress.Add(node);
        var result = node switch
        {
            SubstitutionNode substitution => ResolveSubstitution(substitution),
            PreviousValueNode previous => ResolvePrevious(previous),
            ConcatenationNode concatenation => ResolveConcatenation(concatenation),
            MergeStackNode stack => ResolveMergeStack(stack),
            _ => throw new InvalidOperationException($"Unexpected node {node.GetType().Name} at {node.Origin}."),
        };
        _inProgress.RemoveAt(_inProgress.Count - 1);
        _depth--;
        _resolved[node] = result;
        return result;
    }

    private void EnterDepth(HoconNode node)
    {
        if (++_depth > MaxDepth)
        {
            throw new HoconParseException(node.Origin, $"substitutions refer to each other more than {MaxDepth} levels deep");
        }
    }

    private HoconParseException CycleError(int cycleStart)
    {
        var chain = _inProgress.Skip(cycleStart).OfType<SubstitutionNode>().Select(s => $"{s.Display} at {s.Origin}").ToList();
        var first = _inProgress[cycleStart];
        var description = chain.Count == 0
            ? "circular substitution: this value depends on itself"
            : $"circular substitution: {string.Join(" -> ", chain)} -> back to the start";
        return new HoconParseException(first.Origin, description);
    }

    private HoconNode? ResolveSubstitution(SubstitutionNode substitution)
    {
        // An included file's substitution means its own path first (HOCON spec "Include
        // semantics: substitution"), then the same path from the root.
        if (substitution.IncludePrefix.Length > 0 && Lookup(substitution.EffectivePath) is { } relative)
        {
            return relative;
        }

        if (Lookup(substitution.Path) is { } found)
        {
            return found;
        }

        var name = string.Join('.', substitution.Path);
        var environment = _options.LookupEnvironment(name);
        if (environment is not null)
        {
            return new ScalarNode(substitution.Origin, HoconValueKind.String, environment);
        }

        if (substitution.Optional)
        {
            return null;
        }

        throw new HoconParseException(substitution.Origin,
            $"{substitution.Display} is not defined: there is no setting at '{name}' and no environment variable {name}; use ${{?{name}}} if it may be missing");
    }

    /// <summary>The value at a path from the root, or null when there is none (or it is undefined).</summary>
    private HoconNode? Lookup(string[] path)
    {
        HoconNode? node = _root;
        foreach (var key in path)
        {
            if (Shallow(node!) is not ObjectNode obj || !obj.Fields.TryGetValue(key, out var child))
            {
                return null;
            }

            node = child;
        }

        return Shallow(node!);
    }

    private HoconNode? ResolvePrevious(PreviousValueNode previous)
    {
        var node = previous.Base is null ? null : Shallow(previous.Base);
        foreach (var key in previous.RemainingPath)
        {
            if (node is not ObjectNode obj || !obj.Fields.TryGetValue(key, out var child))
            {
                node = null;
                break;
            }

            node = Shallow(child);
        }

        if (node is null && !previous.Optional)
        {
            throw new HoconParseException(previous.Origin,
                $"{previous.Display} refers to the key it is assigned to, which has no earlier value; use ${{?...}} if it may be missing");
        }

        return node;
    }

    /// <summary>
    /// HOCON spec "Value concatenation": strings join (blanks kept, a substituted null is empty),
    /// arrays append, objects merge; mixing kinds is an error. Undefined parts drop out.
    /// </summary>
    private HoconNode? ResolveConcatenation(ConcatenationNode concatenation)
    {
        var values = new List<(HoconNode Part, HoconNode? Value)>(concatenation.Parts.Count);
        HoconNode? firstDefined = null;
        foreach (var part in concatenation.Parts)
        {
            var value = part is WhitespaceNode ? part : Shallow(part);
            values.Add((part, value));
            if (value is null or WhitespaceNode)
            {
                continue;
            }

            firstDefined ??= value;
            if (KindName(value) != KindName(firstDefined))
            {
                throw new HoconParseException(part.Origin,
                    $"cannot concatenate {KindName(value)} with {KindName(firstDefined)} written before it on the same line; the parts of a value must be all strings, all arrays or all objects");
            }
        }

        switch (firstDefined)
        {
            case null:
                return null;
            case ObjectNode:
                return MergeObjects(values.Select(v => v.Value).OfType<ObjectNode>().ToList(), concatenation.Origin);
            case ArrayNode:
                var elements = values.Select(v => v.Value).OfType<ArrayNode>().SelectMany(a => a.Elements).ToList();
                return new ArrayNode(concatenation.Origin, elements);
        }

        var text = new StringBuilder();
        foreach (var (part, value) in values)
        {
            switch (value)
            {
                case WhitespaceNode blank:
                    text.Append(blank.Text);
                    break;
                case ScalarNode { Kind: HoconValueKind.Null } when part is SubstitutionNode or PreviousValueNode:
                    break;
                case ScalarNode scalar:
                    text.Append(scalar.Text);
                    break;
            }
        }

        return new ScalarNode(concatenation.Origin, HoconValueKind.String, text.ToString());
    }

    private static string KindName(HoconNode value) => value switch
    {
        ObjectNode => "an object",
        ArrayNode => "an array",
        _ => "a string",
    };

    /// <summary>
    /// The newest defined layer wins; if it is an object, it merges with the objects right below it
    /// until a non-object hides the rest (HOCON spec "Duplicate keys", "Config object merging").
    /// </summary>
    private HoconNode? ResolveMergeStack(MergeStackNode stack)
    {
        var index = stack.Layers.Count - 1;
        HoconNode? top = null;
        for (; index >= 0 && top is null; index--)
        {
            top = Shallow(stack.Layers[index]);
        }

        if (top is not ObjectNode topObject)
        {
            return top;
        }

        var objects = new List<ObjectNode> { topObject };
        for (; index >= 0; index--)
        {
            var below = Shallow(stack.Layers[index]);
            if (below is null)
            {
                continue;
            }

            if (below is not ObjectNode belowObject)
            {
                break;
            }

            objects.Insert(0, belowObject);
        }

        return objects.Count == 1 ? topObject : MergeObjects(objects, stack.Origin);
    }

    /// <summary>Merges objects (oldest first) one level deep; keys present in several become merge stacks.</summary>
    private static ObjectNode MergeObjects(List<ObjectNode> objects, HoconOrigin origin)
    {
        if (objects.Count == 1)
        {
            return objects[0];
        }

        var layersByKey = new OrderedDictionary<string, List<HoconNode>>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            foreach (var (key, value) in obj.Fields)
            {
                if (!layersByKey.TryGetValue(key, out var layers))
                {
                    layers = [];
                    layersByKey.Add(key, layers);
                }

                layers.Add(value);
            }
        }

        var merged = new ObjectNode(origin);
        foreach (var (key, layers) in layersByKey)
        {
            merged.Fields.Add(key, layers.Count == 1 ? layers[0] : new MergeStackNode(layers[^1].Origin, layers));
        }

        return merged;
    }

    /// <summary>The immutable value of a node, fully resolved; null when it is undefined.</summary>
    private HoconValue? Build(HoconNode node)
    {
        var value = Shallow(node);
        if (value is null)
        {
            return null;
        }

        if (value is ScalarNode scalar)
        {
            return new HoconScalar(scalar.Origin, scalar.Kind, scalar.Text);
        }

        if (_built.TryGetValue(value, out var built))
        {
            return built;
        }

        if (!_building.Add(value))
        {
            var what = node is SubstitutionNode substitution ? substitution.Display : "this value";
            throw new HoconParseException(node.Origin, $"circular substitution: {what} refers to an object or array that contains it");
        }

        EnterDepth(node);
        if (value is ArrayNode array)
        {
            var elements = new List<HoconValue>(array.Elements.Count);
            foreach (var element in array.Elements)
            {
                if (Build(element) is { } elementValue)
                {
                    elements.Add(elementValue);
                }
            }

            built = new HoconArray(array.Origin, elements);
        }
        else
        {
            var obj = (ObjectNode)value;
            var fields = new OrderedDictionary<string, HoconValue>(obj.Fields.Count, StringComparer.Ordinal);
            foreach (var (key, child) in obj.Fields)
            {
                if (Build(child) is { } childValue)
                {
                    fields.Add(key, childValue);
                }
            }

            built = new HoconObject(obj.Origin, fields);
        }

        _depth--;
        _building.Remove(value);
        _built[value] = built;
        return built;
    }
}
