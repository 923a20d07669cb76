using System.Text;
using System.Text.Json.Nodes;
using Sfu.Transport.Ortc;
using Sfu.Transport.Tests.Stun;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>
/// The committed JSON corpus replayed, then 100,000 seeded mutations of it (byte-level corruption and structural
/// changes of the JSON tree): the readers let only <see cref="OrtcException"/> out, what they accept round-trips
/// through the writer, and accepted producers go through the whole ORTC pipeline without any other exception.
/// </summary>
public class OrtcMutationTests
{
    private const int MutationCount = 100_000;

    private static readonly JsonNode?[] OddValues =
    [
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1.5), JsonValue.Create(4294967296d), JsonValue.Create(127),
        JsonValue.Create(""), JsonValue.Create("r0"), JsonValue.Create("video/rtx"), JsonValue.Create("42e01f"),
        JsonValue.Create("L3T3"), JsonValue.Create(true), JsonValue.Create(false), new JsonArray(), new JsonObject(),
    ];

    private readonly RtpCapabilities router = OrtcSamples.DefaultRouter;

    private readonly RtpCapabilities client = OrtcSamples.ChromiumCapabilities;

    private readonly (string Name, byte[] Bytes)[] corpus =
        [.. Directory.GetFiles(TestFiles.Path("Corpus"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f)))];

    [Fact]
    public void Every_corpus_sample_is_accepted_by_its_reader()
    {
        corpus.Should().HaveCountGreaterThanOrEqualTo(8);
        foreach ((string name, byte[] bytes) in corpus)
        {
            Feed(name, bytes).Should().BeTrue(name);
        }
    }

    [Fact]
    public void Mutated_samples_never_throw_anything_but_OrtcException()
    {
        var mutator = new Mutator(seed: 6184);
        JsonNode[] trees = [.. corpus.Select(c => JsonNode.Parse(c.Bytes)!)];
        int accepted = 0;
        for (int i = 0; i < MutationCount; i++)
        {
            (string name, byte[] sample) = corpus[i % corpus.Length];
            byte[] input = i % 2 == 0 ? mutator.Mutate(sample) : MutateTree(trees[i % corpus.Length].DeepClone(), mutator.Random);
            try
            {
                if (Feed(name, input))
                {
                    accepted++;
                }
            }
            catch (OrtcException)
            {
                // The one allowed outcome for bad input.
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"mutation {i} of {name} threw {e.GetType().Name}: {Encoding.UTF8.GetString(input)}", e);
            }
        }

        // Structural mutations keep many inputs valid, so the round trips and the pipeline really run.
        accepted.Should().BeGreaterThan(MutationCount / 10);
    }

    /// <summary>Reads with the reader the sample's name calls for; true when accepted (and checked).</summary>
    private bool Feed(string name, byte[] input)
    {
        if (name.EndsWith("-capabilities", StringComparison.Ordinal))
        {
            RtpCapabilities caps = RtpCapabilitiesReader.Read(input);
            string json = OrtcJsonWriter.ToJson(caps);
            Assert.Equal(json, OrtcJsonWriter.ToJson(RtpCapabilitiesReader.Read(Encoding.UTF8.GetBytes(json))));
            return true;
        }

        if (name.EndsWith("-producer", StringComparison.Ordinal))
        {
            RtpParameters parameters = RtpParametersReader.Read(input);
            string json = OrtcJsonWriter.ToJson(parameters);
            Assert.Equal(json, OrtcJsonWriter.ToJson(RtpParametersReader.Read(Encoding.UTF8.GetBytes(json))));
            RunPipeline(parameters);
            return true;
        }

        RemoteDtlsParameters dtls = RemoteDtlsParameters.Read(input);
        Assert.NotEmpty(dtls.Fingerprints);
        return true;
    }

    /// <summary>Mapping, consumable and consumer parameters for an accepted producer: OrtcException is the only failure.</summary>
    private void RunPipeline(RtpParameters parameters)
    {
        ProducerTypes.Of(parameters);
        ProducerRtpMapping mapped;
        try
        {
            mapped = ProducerMapping.Map(new TransportCname(() => "cname123").Apply(parameters), router, SsrcGenerator.Seeded(1));
        }
        catch (OrtcException)
        {
            return;
        }

        MediaKind kind = mapped.Parameters.Codecs.First(c => !c.IsRtx()).Kind;
        RtpParameters consumable = ConsumableParameters.Build(kind, mapped.Parameters, router, mapped.Mapping);
        if (ConsumerParameters.CanConsume(consumable, client))
        {
            RtpParameters consumer = ConsumerParameters.Build(consumable, client, pipe: false, ConsumerParameters.RtxEnabledFor(kind), SsrcGenerator.Seeded(2));
            Assert.Single(consumer.Encodings);
            Assert.StartsWith("{\"codecs\":[{", OrtcJsonWriter.ToJson(consumer), StringComparison.Ordinal);
        }
    }

    /// <summary>Replaces, removes or duplicates random nodes of a copy of a sample's JSON tree.</summary>
    private static byte[] MutateTree(JsonNode root, Random random)
    {
        int operations = 1 + random.Next(3);
        for (int n = 0; n < operations; n++)
        {
            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            JsonNode target = nodes[random.Next(nodes.Count)];
            JsonNode? parent = target.Parent;
            if (parent is null)
            {
                continue;
            }

            JsonNode? replacement = random.Next(4) == 0 ? null : OddValues[random.Next(OddValues.Length)]?.DeepClone();
            switch (parent, random.Next(3))
            {
                case (JsonObject obj, 0):
                    obj.Remove(target.GetPropertyName());
                    break;
                case (JsonObject obj, _):
                    obj[target.GetPropertyName()] = replacement;
                    break;
                case (JsonArray array, 0):
                    array.RemoveAt(target.GetElementIndex());
                    break;
                case (JsonArray array, 1):
                    array.Add(target.DeepClone());
                    break;
                case (JsonArray array, _):
                    array[target.GetElementIndex()] = replacement;
                    break;
            }
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (JsonNode? child in children)
        {
            if (child is not null)
            {
                Collect(child, nodes);
            }
        }
    }
}
