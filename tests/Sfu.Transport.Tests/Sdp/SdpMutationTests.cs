using System.Text;
using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

/// <summary>
/// Seeded mutations of the SDP corpus: line drops and duplicates, character flips, truncation, huge numbers,
/// random bytes. The parser must answer false or a description, never throw; and what it accepts must come back
/// equal after write then parse.
/// </summary>
public class SdpMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 8866;

    private static readonly string[] HugeNumbers = ["99999999999999999999999", "18446744073709551616", "4294967296", "65536", "128", "-1", "0", "00000000000000000000001"];

    [Fact]
    public void Mutated_descriptions_never_throw_and_accepted_ones_round_trip()
    {
        string[][] samples = SdpSamples.Names.Select(name => SdpSamples.Text(name).ReplaceLineEndings("\n").Split('\n')).ToArray();
        var random = new Random(Seed);
        int accepted = 0;
        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            string text = Mutate(samples[iteration % samples.Length], random);
            bool parsed;
            SessionDescription? sdp;
            string? error;
            try
            {
                parsed = SdpParser.TryParse(text, out sdp, out error);
            }
            catch (Exception exception)
            {
                Assert.Fail($"Iteration {iteration} threw {exception} on:\n{text}");
                return;
            }

            if (!parsed)
            {
                if (string.IsNullOrEmpty(error) || error.Contains('\n'))
                {
                    Assert.Fail($"Iteration {iteration}: a rejection must come with a one-line reason, got '{error}'");
                }

                continue;
            }

            accepted++;
            string written = SdpWriter.Write(sdp!);
            if (!SdpParser.TryParse(written, out SessionDescription? again, out error) || again != sdp)
            {
                Assert.Fail($"Iteration {iteration}: accepted text does not round-trip ({error}):\n{text}\n--- written ---\n{written}");
            }
        }

        accepted.Should().BeGreaterThan(Mutations / 10, "mutations must also reach the accepting paths");
    }

    internal static string Mutate(string[] lines, Random random)
    {
        var list = new List<string>(lines);
        int operations = 1 + random.Next(3);
        for (int i = 0; i < operations; i++)
        {
            ApplyOne(list, random);
        }

        string text = string.Join(random.Next(2) == 0 ? "\n" : "\r\n", list);
        return random.Next(40) == 0 ? text[..random.Next(text.Length + 1)] : text;
    }

    private static void ApplyOne(List<string> lines, Random random)
    {
        if (lines.Count == 0)
        {
            lines.Add(RandomText(random, 20));
            return;
        }

        int index = random.Next(lines.Count);
        string line = lines[index];
        switch (random.Next(9))
        {
            case 0:
                lines.RemoveAt(index);
                break;
            case 1:
                lines.Insert(random.Next(lines.Count + 1), line);
                break;
            case 2 when line.Length > 0:
                var chars = line.ToCharArray();
                chars[random.Next(chars.Length)] = (char)random.Next(0x20, 0x7F);
                lines[index] = new string(chars);
                break;
            case 3 when line.Length > 0:
                lines[index] = line[..random.Next(line.Length)];
                break;
            case 4:
                lines[index] = ReplaceNumber(line, HugeNumbers[random.Next(HugeNumbers.Length)], random);
                break;
            case 5:
                lines.Insert(index, RandomText(random, 1 + random.Next(60)));
                break;
            case 6 when line.Length > 0:
                int at = random.Next(line.Length);
                char[] specials = [' ', ':', '/', ';', '=', ',', '~', '*', '\r', '\0', '\t'];
                lines[index] = line.Insert(at, specials[random.Next(specials.Length)].ToString());
                break;
            case 7:
                int other = random.Next(lines.Count);
                (lines[index], lines[other]) = (lines[other], lines[index]);
                break;
            default:
                lines[index] = line + " " + RandomText(random, 1 + random.Next(10));
                break;
        }
    }

    private static string ReplaceNumber(string line, string number, Random random)
    {
        var digits = new List<(int Start, int Length)>();
        for (int i = 0; i < line.Length;)
        {
            if (!char.IsAsciiDigit(line[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < line.Length && char.IsAsciiDigit(line[i]))
            {
                i++;
            }

            digits.Add((start, i - start));
        }

        if (digits.Count == 0)
        {
            return line;
        }

        (int from, int length) = digits[random.Next(digits.Count)];
        return line[..from] + number + line[(from + length)..];
    }

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x100) : (char)random.Next(0x20, 0x7F));
        }

        return text.ToString();
    }
}
