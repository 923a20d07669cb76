using System.Buffers.Binary;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Stun;

/// <summary>
/// The committed corpus replayed, then 100,000 seeded mutations of it: the reader never throws, and whatever it
/// accepts survives a rebuild by the writer with the same meaning.
/// </summary>
public class StunMutationTests
{
    private const string CorpusFolder = "Stun/TestData";
    private const int MutationCount = 100_000;
    private static readonly byte[] RebuildKey = "rebuild-key"u8.ToArray();

    private readonly IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load(CorpusFolder);

    [Fact]
    public void Every_corpus_sample_is_valid_stun_and_round_trips()
    {
        corpus.Should().HaveCountGreaterThanOrEqualTo(10);
        var scratch = new byte[StunConstants.MaxMessageLength];
        foreach ((string name, byte[] bytes) in corpus)
        {
            StunMessage.TryParse(bytes, out _).Should().BeTrue(name);
            RoundTripMismatch(bytes, scratch).Should().BeNull(name);
        }
    }

    [Fact]
    public void Mutated_messages_never_throw_and_what_parses_round_trips()
    {
        var mutator = new Mutator(seed: 8489);
        var scratch = new byte[StunConstants.MaxMessageLength];
        int accepted = 0;
        for (int i = 0; i < MutationCount; i++)
        {
            byte[] input = mutator.Mutate(corpus[i % corpus.Count].Bytes);
            RepairSometimes(input, mutator.Random);
            try
            {
                if (!StunMessage.TryParse(input, out StunMessage message))
                {
                    continue;
                }

                accepted++;
                TouchEverything(message);
                string? mismatch = RoundTripMismatch(input, scratch);
                mismatch.Should().BeNull($"mutation {i}: {Convert.ToHexString(input)}");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"mutation {i} threw on {Convert.ToHexString(input)}", e);
            }
        }

        // The repairs keep a good share of mutants parseable, so the round trip is really exercised.
        accepted.Should().BeGreaterThan(MutationCount / 40);
    }

    [Fact]
    public void Ice_lite_agent_answers_mutated_checks_with_well_formed_responses_only()
    {
        var mutator = new Mutator(seed: 8445);
        var agent = new IceLiteAgent(new IceCredentials("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9", "w4y7u1i0o3p6a9s2d5f8g1h4j7k0l3z6"));
        var remote = new TransportTuple(NetAddress.FromIPv4([127, 0, 0, 1]), 50000, TransportProtocol.Udp);
        var response = new byte[StunBindingResponses.MaxLength];
        for (int i = 0; i < MutationCount; i++)
        {
            byte[] input = mutator.Mutate(corpus[i % corpus.Count].Bytes);
            RepairSometimes(input, mutator.Random);
            agent.HandleRequest(input, remote, response, out int responseLength, nowMs: i);
            if (responseLength == 0)
            {
                continue;
            }

            StunMessage.TryParse(response.AsSpan(0, responseLength), out StunMessage answer).Should().BeTrue();
            answer.Class.Should().BeOneOf(StunClass.SuccessResponse, StunClass.ErrorResponse);
            StunMessage.TryParse(input, out StunMessage request).Should().BeTrue();
            answer.TransactionId.SequenceEqual(request.TransactionId).Should().BeTrue();
        }

        agent.State.Should().NotBe(IceState.Closed);
    }

    /// <summary>
    /// Half the time fix the header length to the datagram, and half the time recompute a trailing FINGERPRINT,
    /// so that mutations reach the attribute walk instead of dying at the first check.
    /// </summary>
    private static void RepairSometimes(byte[] input, Random random)
    {
        if (input.Length >= StunConstants.HeaderLength && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(2), (ushort)(input.Length - StunConstants.HeaderLength));
        }

        int fingerprintAt = input.Length - StunConstants.FingerprintAttributeLength;
        if (fingerprintAt >= StunConstants.HeaderLength
            && random.Next(2) == 0
            && BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(fingerprintAt)) == StunAttributeType.Fingerprint)
        {
            uint crc = Crc32.Compute(input.AsSpan(0, fingerprintAt)) ^ StunConstants.FingerprintXor;
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(input.Length - 4), crc);
        }
    }

    private static void TouchEverything(StunMessage message)
    {
        _ = message.Class;
        _ = message.Method;
        _ = message.Username.Length;
        _ = message.ErrorCode;
        _ = message.ErrorReason.Length;
        _ = message.TryGetXorMappedAddress(out _, out _);
        _ = message.VerifyMessageIntegrity(RebuildKey);
        foreach (StunAttribute attribute in message.Attributes)
        {
            _ = attribute.Value.Length;
        }
    }

    /// <summary>
    /// Rebuilds the message from its attributes up to MESSAGE-INTEGRITY (what the reader exposes), re-signs it,
    /// re-parses it and compares every field; returns what differs, or null.
    /// </summary>
    private static string? RoundTripMismatch(byte[] original, byte[] scratch)
    {
        StunMessage.TryParse(original, out StunMessage a);
        var writer = new StunMessageWriter(scratch, a.Class, a.Method, a.TransactionId);
        foreach (StunAttribute attribute in a.Attributes)
        {
            if (attribute.Type is StunAttributeType.MessageIntegrity or StunAttributeType.Fingerprint)
            {
                break;
            }

            writer.AppendAttribute(attribute.Type, attribute.Value);
        }

        if (a.HasMessageIntegrity)
        {
            writer.AppendMessageIntegrity(RebuildKey);
        }

        if (a.HasFingerprint)
        {
            writer.AppendFingerprint();
        }

        if (!writer.TryComplete(out int length))
        {
            return "writer failed";
        }

        if (!StunMessage.TryParse(scratch.AsSpan(0, length), out StunMessage b))
        {
            return "rebuilt message does not parse";
        }

        if (a.MessageType != b.MessageType || !a.TransactionId.SequenceEqual(b.TransactionId))
        {
            return "header";
        }

        if (a.HasUsername != b.HasUsername || !a.Username.SequenceEqual(b.Username)
            || a.HasPriority != b.HasPriority || a.Priority != b.Priority
            || a.HasUseCandidate != b.HasUseCandidate
            || a.HasIceControlling != b.HasIceControlling || a.IceControllingTieBreaker != b.IceControllingTieBreaker
            || a.HasIceControlled != b.HasIceControlled || a.IceControlledTieBreaker != b.IceControlledTieBreaker
            || a.HasNomination != b.HasNomination || a.Nomination != b.Nomination)
        {
            return "ICE attributes";
        }

        if (a.HasErrorCode != b.HasErrorCode || a.ErrorCode != b.ErrorCode || !a.ErrorReason.SequenceEqual(b.ErrorReason))
        {
            return "ERROR-CODE";
        }

        bool aHasAddress = a.TryGetXorMappedAddress(out NetAddress aAddress, out ushort aPort);
        bool bHasAddress = b.TryGetXorMappedAddress(out NetAddress bAddress, out ushort bPort);
        if (aHasAddress != bHasAddress || aAddress != bAddress || aPort != bPort)
        {
            return "XOR-MAPPED-ADDRESS";
        }

        if (a.HasMessageIntegrity != b.HasMessageIntegrity || (b.HasMessageIntegrity && !b.VerifyMessageIntegrity(RebuildKey))
            || a.HasFingerprint != b.HasFingerprint)
        {
            return "integrity or fingerprint";
        }

        return null;
    }
}
