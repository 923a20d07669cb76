using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

/// <summary>
/// Seeded mutations of the corpus followed by a random header extension edit (rewrite ids, remove, set): no
/// edit may throw, an accepted edit must leave a valid packet whose elements are exactly what a list model of
/// the edit predicts, with the rest of the packet intact, and a refused edit must leave every byte as it was.
/// </summary>
public class HeaderExtensionMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 8285;

    [Fact]
    public void Mutated_extension_blocks_edit_safely_and_predictably()
    {
        IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load("Rtp/Corpus");
        var mutator = new PacketMutator(Seed);
        Random random = mutator.Random;
        byte[] buffer = new byte[2048];
        int edited = 0;

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            (string name, byte[] sample) = corpus[iteration % corpus.Count];
            int length = mutator.Mutate(sample, buffer);
            // Spare room after the packet, so that growing edits can succeed, is filled with noise.
            random.NextBytes(buffer.AsSpan(length, Math.Min(64, buffer.Length - length)));
            int capacity = Math.Min(buffer.Length, length + random.Next(0, 48));
            try
            {
                if (!RtpPacket.TryParse(buffer.AsSpan(0, capacity), length, out RtpPacket packet))
                {
                    continue;
                }

                if (EditAndCheck(ref packet, buffer.AsSpan(0, capacity), random, out string? failure))
                {
                    edited++;
                }

                if (failure is not null)
                {
                    Assert.Fail($"Iteration {iteration} ({name}): {failure}");
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} ({name}) threw on {Hex.Format(buffer.AsSpan(0, length))}: {exception}");
            }
        }

        edited.Should().BeGreaterThan(Mutations / 10);
    }

    private static bool EditAndCheck(ref RtpPacket packet, Span<byte> buffer, Random random, out string? failure)
    {
        failure = null;
        RtpHeaderExtensionForm form = packet.ExtensionForm;
        List<(byte Id, string Value)> elements = RtpDescription.Elements(packet);
        byte[] before = packet.Bytes.ToArray();
        string payload = Hex.Format(packet.Payload);
        int padding = packet.PaddingLength;
        string fixedHeader = Hex.Format(packet.Bytes[1..12]) + Hex.Format(packet.CsrcBytes);

        bool done;
        List<(byte Id, string Value)> expected;
        bool removedSomething = false;
        switch (random.Next(4))
        {
            case 0:
            {
                byte[] map = new byte[random.Next(0, 20)];
                for (int i = 0; i < map.Length; i++)
                {
                    map[i] = (byte)(random.Next(3) == 0 ? 0 : random.Next(1, 20));
                }

                done = packet.TryRewriteExtensionIds(map);
                expected = [];
                foreach ((byte id, string value) in elements)
                {
                    byte newId = id < map.Length ? map[id] : (byte)0;
                    if (newId != 0)
                    {
                        expected.Add((newId, value));
                    }
                }

                removedSomething = expected.Count < elements.Count;
                break;
            }

            case 1:
            {
                byte id = elements.Count > 0 && random.Next(2) == 0 ? elements[random.Next(elements.Count)].Id : (byte)random.Next(1, 20);
                done = packet.RemoveExtension(id);
                expected = elements.Where(element => element.Id != id).ToList();
                removedSomething = expected.Count < elements.Count;
                if (done != removedSomething)
                {
                    failure = $"RemoveExtension({id}) returned {done} on {string.Join(",", elements)}";
                    return false;
                }

                break;
            }

            case 2:
            {
                byte id = (byte)random.Next(1, 24);
                byte[] value = new byte[random.Next(0, 20)];
                random.NextBytes(value);
                done = packet.TrySetExtension(id, value);
                int first = elements.FindIndex(element => element.Id == id);
                if (first >= 0 && elements[first].Value.Length == 2 * value.Length)
                {
                    expected = [.. elements];
                    expected[first] = (id, Hex.Format(value));
                }
                else
                {
                    expected = elements.Where(element => element.Id != id).ToList();
                    expected.Add((id, Hex.Format(value)));
                    removedSomething = expected.Count == 0;
                }

                break;
            }

            default:
                packet.RemoveAllExtensions();
                done = true;
                expected = [];
                removedSomething = true;
                break;
        }

        if (!done)
        {
            if (!packet.Bytes.SequenceEqual(before))
            {
                failure = "a refused edit changed the packet";
            }

            return false;
        }

        if (!RtpPacket.TryParse(buffer, packet.Length, out RtpPacket after))
        {
            failure = "the edited packet no longer parses";
            return true;
        }

        if (form is RtpHeaderExtensionForm.OneByte or RtpHeaderExtensionForm.TwoByte or RtpHeaderExtensionForm.None)
        {
            List<(byte Id, string Value)> actual = RtpDescription.Elements(after);
            if (!actual.SequenceEqual(expected))
            {
                failure = $"elements {string.Join(",", elements)} became {string.Join(",", actual)}, expected {string.Join(",", expected)}";
            }
        }

        if (removedSomething && expected.Count == 0 && after.HasExtension)
        {
            failure = "the X bit stayed set with no element left";
        }

        if (Hex.Format(after.Payload) != payload || after.PaddingLength != padding
            || Hex.Format(after.Bytes[1..12]) + Hex.Format(after.CsrcBytes) != fixedHeader)
        {
            failure = "the edit damaged the header, payload or padding";
        }

        return true;
    }
}
