namespace Sfu.Actors.Configuration;

/// <summary>
/// The single tree every parsed field is merged into, in document order, across layers and
/// included files. Merging as we go (rather than merging finished objects later) lets a
/// self-referential substitution be bound to the value its key had at that point of the text.
/// Invariant: once a node has been captured by a self-reference, the builder never writes into
/// it again (the key's slot is replaced, and later writes go to fresh objects).
/// </summary>
internal sealed class HoconTreeBuilder(HoconOrigin rootOrigin, HoconReadOptions options)
{
    public ObjectNode Root { get; } = new(rootOrigin);

    public HoconReadOptions Options { get; } = options;

    /// <summary>
    /// The object at <paramref name="path"/> below <paramref name="start"/>, created as needed.
    /// HOCON spec "Duplicate keys": an object replaces a number, string, array or null, and merges
    /// with an object. When the key holds something not yet known (a substitution), the new
    /// object is stacked on top of it and merged once it is known.
    /// </summary>
    public ObjectNode NavigateToObject(ObjectNode start, IReadOnlyList<string> path, HoconOrigin origin)
    {
        var current = start;
        foreach (var key in path)
        {
            current = GetOrCreateObject(current, key, origin);
        }

        return current;
    }

    private static ObjectNode GetOrCreateObject(ObjectNode parent, string key, HoconOrigin origin)
    {
        if (parent.Fields.TryGetValue(key, out var existing) && existing is ObjectNode existingObject)
        {
            return existingObject;
        }

        var created = new ObjectNode(origin);
        parent.Fields[key] = existing is null or ScalarNode or ArrayNode
            ? created
            : new MergeStackNode(origin, [existing, created]);
        return created;
    }

    /// <summary>
    /// Sets a field. A value that may turn out to be an object, or nothing (<c>${?X}</c> when X is
    /// unset), is stacked on the earlier value instead of replacing it: <c>port = 8070,
    /// port = ${?PORT}</c> keeps 8070 when PORT is unset.
    /// </summary>
    public static void SetField(ObjectNode parent, string key, HoconNode value, bool replace)
    {
        if (replace || !parent.Fields.TryGetValue(key, out var existing) || !DependsOnSubstitution(value))
        {
            parent.Fields[key] = value;
            return;
        }

        parent.Fields[key] = new MergeStackNode(value.Origin, [existing, value]);
    }

    private static bool DependsOnSubstitution(HoconNode value) => value switch
    {
        SubstitutionNode or PreviousValueNode => true,
        ConcatenationNode concatenation => concatenation.Parts.Exists(part => part is SubstitutionNode or PreviousValueNode),
        _ => false,
    };

    /// <summary><c>key += value</c> means <c>key = ${?key} [value]</c> (HOCON spec "The += field separator").</summary>
    public HoconNode MakeAppend(HoconNode element, string[] fieldPath, HoconOrigin origin)
    {
        var appended = new ArrayNode(element.Origin, [element]);
        var previous = FindPrevious(fieldPath, optional: true, string.Join('.', fieldPath), origin);
        return previous is null ? appended : new ConcatenationNode(origin, [previous, appended]);
    }

    /// <summary>
    /// Replaces, inside a value about to be assigned at <paramref name="fieldPath"/>, every
    /// substitution of that path or of a path inside it by the value as it stands now. Without an
    /// earlier value, an environment variable of that name is used, else the substitution is
    /// undefined (an error at resolution unless it is optional).
    /// </summary>
    public HoconNode BindSelfReferences(HoconNode value, string[] fieldPath, ObjectNode? alreadyMerged)
    {
        switch (value)
        {
            case SubstitutionNode substitution when StartsWith(substitution.EffectivePath, fieldPath):
                var previous = FindPrevious(substitution.EffectivePath, substitution.Optional, substitution.Display, substitution.Origin);
                if (previous is not null)
                {
                    return previous;
                }

                var environment = Options.LookupEnvironment(string.Join('.', substitution.Path));
                return environment is not null
                    ? new ScalarNode(substitution.Origin, HoconValueKind.String, environment)
                    : new PreviousValueNode(substitution.Origin, null, [], substitution.Optional, substitution.Display);
            case ConcatenationNode concatenation:
                BindAll(concatenation.Parts, fieldPath, alreadyMerged);
                return concatenation;
            case ArrayNode array:
                BindAll(array.Elements, fieldPath, alreadyMerged);
                return array;
            case MergeStackNode stack:
                BindAll(stack.Layers, fieldPath, alreadyMerged);
                return stack;
            case ObjectNode obj when !ReferenceEquals(obj, alreadyMerged):
                for (var i = 0; i < obj.Fields.Count; i++)
                {
                    obj.Fields.SetAt(i, BindSelfReferences(obj.Fields.GetAt(i).Value, fieldPath, alreadyMerged));
                }

                return obj;
            default:
                return value;
        }
    }

    private void BindAll(List<HoconNode> nodes, string[] fieldPath, ObjectNode? alreadyMerged)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i] = BindSelfReferences(nodes[i], fieldPath, alreadyMerged);
        }
    }

    /// <summary>
    /// The value at <paramref name="path"/> as the text read so far defines it, or null when there
    /// is none. Where the walk meets a value not known yet, the rest of the path is kept and
    /// followed at resolution.
    /// </summary>
    private PreviousValueNode? FindPrevious(string[] path, bool optional, string display, HoconOrigin origin)
    {
        HoconNode node = Root;
        for (var i = 0; i < path.Length; i++)
        {
            switch (node)
            {
                case ObjectNode obj:
                    if (!obj.Fields.TryGetValue(path[i], out var child))
                    {
                        return null;
                    }

                    node = child;
                    break;
                case ScalarNode or ArrayNode or WhitespaceNode:
                    return null;
                default:
                    return new PreviousValueNode(origin, node, path[i..], optional, display);
            }
        }

        return new PreviousValueNode(origin, node, [], optional, display);
    }

    private static bool StartsWith(string[] path, string[] prefix)
    {
        if (path.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
