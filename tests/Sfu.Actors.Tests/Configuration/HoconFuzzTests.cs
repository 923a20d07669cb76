using System.Text;
using Sfu.Actors.Configuration;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>
/// The reader is fed the corpus and 100,000 seeded mutations of it. Whatever the input, the only
/// exception allowed out is HoconParseException; and whatever it accepts, written back as HOCON
/// and read again, gives the same configuration.
/// </summary>
public sealed class HoconFuzzTests
{
    private const int Mutations = 100_000;

    private static readonly Dictionary<string, string?> Environment = new() { ["HOME"] = "/home/sfu", ["PORT"] = "9000" };

    /// <summary>Includes name the other corpus files.</summary>
    private static readonly HoconReadOptions Options = new()
    {
        Environment = Environment,
        FileReader = path => HoconCorpus.VirtualFiles.TryGetValue(path, out var text) ? text : null,
        BaseDirectory = HoconCorpus.VirtualDirectory,
    };

    /// <summary>
    /// For the mutation loop, an included corpus file is a one-line stand-in: the include
    /// statement and the merge are still exercised, at a fraction of the cost.
    /// </summary>
    private static readonly HoconReadOptions MutationOptions = Options with
    {
        FileReader = path => HoconCorpus.VirtualFiles.ContainsKey(path) ? $"included {{ from = \"{Path.GetFileName(path)}\" }}" : null,
    };

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", "\"\"\"", "${", "${?", "=", ":", ",", "\n", ".", "#", "//", "+=", "\\", "\\u",
        " ", "\t", "include ", "include \"server.conf\"", "include required(\"x\")", "null", "true", "1e9", "-0.5", "${a}",
        "${server.port}", "${path}", "a.b.c", "\"\"", "\r\n", "\uFEFF", "(", ")",
    ];

    [Fact]
    public void Every_corpus_sample_reads_and_round_trips()
    {
        HoconCorpus.Files.Should().HaveCountGreaterThanOrEqualTo(5);
        foreach (var (name, text) in HoconCorpus.Files)
        {
            var config = HoconReader.Parse(text, Options, $"{HoconCorpus.VirtualDirectory}/{name}");
            config.Count.Should().BeGreaterThan(0, name);
            AssertRoundTrip(config, text);
        }
    }

    [Fact]
    public void The_reference_configuration_reads_and_round_trips()
    {
        var config = HoconReader.Parse(SfuReferenceConfiguration.Text, Options, "reference.conf");

        AssertRoundTrip(config, SfuReferenceConfiguration.Text);
    }

    [Fact]
    public void Mutated_documents_are_read_or_rejected_with_a_parse_exception_only()
    {
        var random = new Random(20261101);
        var samples = HoconCorpus.Files.Values.ToArray();
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var input = Mutate(samples[random.Next(samples.Length)], random);
            HoconObject config;
            try
            {
                config = HoconReader.Parse(input, MutationOptions);
            }
            catch (HoconParseException)
            {
                rejected++;
                continue;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Mutation {i} escaped with {e.GetType().Name}: {e.Message}\nInput:\n{input}", e);
            }

            accepted++;
            AssertRoundTrip(config, input);
        }

        // Both outcomes must be well represented, or the mutations are too timid or too brutal.
        accepted.Should().BeGreaterThan(Mutations / 20);
        rejected.Should().BeGreaterThan(Mutations / 20);
    }

    private static void AssertRoundTrip(HoconObject config, string input)
    {
        var rendered = config.ToString();
        HoconObject reread;
        try
        {
            reread = HoconReader.Parse(rendered, Options);
        }
        catch (HoconParseException e)
        {
            throw new InvalidOperationException($"Rendered output did not read back: {e.Message}\nInput:\n{input}\nRendered:\n{rendered}", e);
        }

        var rereadRendered = reread.ToString();
        if (rereadRendered != rendered)
        {
            throw new InvalidOperationException($"Round trip changed the value.\nInput:\n{input}\nFirst rendering:\n{rendered}\nSecond rendering:\n{rereadRendered}");
        }
    }

    private static string Mutate(string sample, Random random)
    {
        var text = new StringBuilder(sample);
        var count = random.Next(1, 4);
        for (var m = 0; m < count; m++)
        {
            var position = text.Length == 0 ? 0 : random.Next(text.Length);
            switch (random.Next(7))
            {
                case 0 when text.Length > 0:
                    text[position] = (char)(text[position] ^ (1 << random.Next(8)));
                    break;
                case 1 when text.Length > 0:
                    text.Remove(position, Math.Min(random.Next(1, 12), text.Length - position));
                    break;
                case 2:
                    text.Length = position;
                    break;
                case 3:
                    text.Insert(position, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 4:
                    text.Insert(position, (char)random.Next(0, 0x10000));
                    break;
                case 5 when text.Length > 0:
                    var length = Math.Min(random.Next(1, 40), text.Length - position);
                    text.Insert(random.Next(text.Length), text.ToString(position, length));
                    break;
                default:
                    text.Append(Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }

        return text.ToString();
    }
}
