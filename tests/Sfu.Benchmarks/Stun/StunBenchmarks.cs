using BenchmarkDotNet.Attributes;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Benchmarks.Stun;

/// <summary>
/// The per-check cost on the server: a Chromium-shaped nominating Binding request (USERNAME, GOOG-NETWORK-INFO,
/// ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT) parsed and authenticated, and the
/// success response written. Target: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private static readonly IceCredentials Server = new("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9", "w4y7u1i0o3p6a9s2d5f8g1h4j7k0l3z6");

    private readonly byte[] response = new byte[StunBindingResponses.MaxLength];
    private readonly TransportTuple remote = new(NetAddress.FromIPv4([192, 0, 2, 10]), 50000, TransportProtocol.Udp);
    private byte[] request = [];
    private byte[] passwordKey = [];
    private IceLiteAgent agent = new(Server);

    [GlobalSetup]
    public void Setup()
    {
        passwordKey = Server.PasswordKey();
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Convert.FromHexString("5a6b7c8d9e0f1a2b3c4d5e6f"));
        writer.AppendUsername("k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9:Hx7Q"u8);
        writer.AppendAttribute(StunAttributeType.GoogNetworkInfo, [0x00, 0x01, 0x00, 0x0a]);
        writer.AppendIceControlling(0x1f2e3d4c5b6a7988);
        writer.AppendUseCandidate();
        writer.AppendPriority(0x6e7f1eff);
        writer.AppendMessageIntegrity(passwordKey);
        writer.AppendFingerprint();
        writer.TryComplete(out int length);
        request = buffer.AsSpan(0, length).ToArray();
        agent = new IceLiteAgent(Server);
    }

    /// <summary>Header, attribute walk and FINGERPRINT (CRC-32) check.</summary>
    [Benchmark]
    public bool Parse() => StunMessage.TryParse(request, out _);

    /// <summary>Parse plus the MESSAGE-INTEGRITY HMAC-SHA1 check.</summary>
    [Benchmark]
    public bool ParseAndVerifyIntegrity() =>
        StunMessage.TryParse(request, out StunMessage message) && message.VerifyMessageIntegrity(passwordKey);

    /// <summary>The success response alone: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    [Benchmark]
    public int WriteSuccessResponse()
    {
        StunBindingResponses.TryWriteSuccess(response, request.AsSpan(8, 12), remote.Address, remote.Port, passwordKey, out int length);
        return length;
    }

    /// <summary>What the worker does per check: the ICE-lite agent parses, authenticates, answers and tracks the tuple.</summary>
    [Benchmark(Baseline = true)]
    public int IceLiteHandleRequest()
    {
        agent.HandleRequest(request, remote, response, out int length, nowMs: 0);
        return length;
    }

    /// <summary>RFC 7983 demultiplexing of the same datagram.</summary>
    [Benchmark]
    public PacketKind Classify() => PacketClassifier.Classify(request);
}
