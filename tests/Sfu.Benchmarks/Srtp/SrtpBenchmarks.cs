using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Srtp;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Benchmarks.Srtp;

/// <summary>
/// One 1,200-byte RTP packet (12-byte header, 1,188-byte payload) protected and unprotected in place, the
/// sequence number advancing each operation so the replay window accepts it. <c>Portable</c> forces the
/// BCL/OpenSSL primitives instead of the AES-NI/PCLMULQDQ path, to show what the hardware path buys.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*SrtpBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PacketLength = 1200;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private byte[] _buffer = null!;
    private ushort _sequenceNumber;

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [Params(false, true)]
    public bool Portable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[SrtpProfileInfo.MasterKeyLength(Profile)];
        byte[] salt = new byte[SrtpProfileInfo.MasterSaltLength(Profile)];
        new Random(42).NextBytes(key);
        new Random(43).NextBytes(salt);
        SrtpCryptoBackend backend = Portable ? SrtpCryptoBackend.Portable : SrtpCryptoBackend.Auto;
        _sender = SrtpContext.Create(Profile, isOutbound: true, key, salt, SrtpContext.DefaultMaxSsrcs, backend);
        _receiver = SrtpContext.Create(Profile, isOutbound: false, key, salt, SrtpContext.DefaultMaxSsrcs, backend);

        _buffer = new byte[PacketLength + 16];
        _buffer[0] = 0x80;
        _buffer[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), 0x5EEDF00D);
        new Random(44).NextBytes(_buffer.AsSpan(12, PacketLength - 12));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark(Description = "protect+unprotect 1200 B")]
    public SrtpResult ProtectAndUnprotect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), ++_sequenceNumber);
        _sender.TryProtectRtp(_buffer, PacketLength, out int protectedLength);
        return _receiver.TryUnprotectRtp(_buffer, protectedLength, out _);
    }

    [Benchmark(Description = "protect 1200 B")]
    public int Protect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), ++_sequenceNumber);
        _sender.TryProtectRtp(_buffer, PacketLength, out int protectedLength);
        return protectedLength;
    }
}
