using System.Buffers.Binary;
using Sfu.Transport.Srtp;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>One sample of the committed corpus (Srtp/TestData/*.srtp, see the README there).</summary>
internal sealed record SrtpSample(
    string Name, SrtpProfile Profile, byte[] Key, byte[] Salt, bool GivesSessionKeys, bool IsRtcp, byte[] Protected, byte[] Plain)
{
    public override string ToString() => Name;

    /// <summary>Whether an SRTCP sample had its E flag set (our sender always sets it).</summary>
    public bool IsEncrypted => !IsRtcp || (SrtcpWord(Protected) & 0x8000_0000) != 0;

    public SrtpContext CreateContext(bool outbound, SrtpCryptoBackend backend = SrtpCryptoBackend.Auto, int maxSsrcs = SrtpContext.DefaultMaxSsrcs)
    {
        SrtpContext context = GivesSessionKeys
            ? SrtpContext.FromSessionKeys(Profile, outbound, new SrtpSessionKeys(Key, Salt, [], Key, Salt, []), maxSsrcs, backend)
            : SrtpContext.Create(Profile, outbound, Key, Salt, maxSsrcs, backend);
        return context;
    }

    /// <summary>Protects <paramref name="plain"/> as this sample's sender did, at the SRTCP index of <paramref name="srtcp"/>.</summary>
    public byte[] Reprotect(byte[] plain, byte[] srtcp)
    {
        using SrtpContext sender = CreateContext(outbound: true);
        byte[] buffer = SrtpTestPackets.WithRoom(plain);
        int length;
        if (IsRtcp)
        {
            sender.SetNextRtcpIndex(BinaryPrimitives.ReadUInt32BigEndian(plain.AsSpan(4)), SrtcpWord(srtcp) & 0x7FFF_FFFF);
            sender.TryProtectRtcp(buffer, plain.Length, out length).Should().BeTrue();
        }
        else
        {
            sender.TryProtectRtp(buffer, plain.Length, out length).Should().BeTrue();
        }

        return buffer[..length];
    }

    /// <summary>E || SRTCP index: before the tag for AES-CM (RFC 3711 §3.4), last for AEAD (RFC 7714 §9.2).</summary>
    public uint SrtcpWord(byte[] srtcp)
    {
        int offset = SrtpProfileInfo.IsAead(Profile) ? srtcp.Length - 4 : srtcp.Length - 4 - SrtpProfileInfo.SrtcpAuthTagLength(Profile);
        return BinaryPrimitives.ReadUInt32BigEndian(srtcp.AsSpan(offset));
    }
}

internal static class SrtpCorpus
{
    public static readonly IReadOnlyList<SrtpSample> Samples = Load();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (SrtpSample sample in Samples)
        {
            data.Add(sample.Name);
        }

        return data;
    }

    public static SrtpSample Get(string name) => Samples.Single(s => s.Name == name);

    private static List<SrtpSample> Load()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Srtp", "TestData");
        return [.. Directory.GetFiles(folder, "*.srtp").Order(StringComparer.Ordinal).Select(Parse)];
    }

    private static SrtpSample Parse(string path)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && current is not null)
            {
                fields[current] += " " + line.Trim();
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            current = line[..colon].Trim();
            fields[current] = line[(colon + 1)..].Trim();
        }

        bool session = fields.ContainsKey("session-key");
        return new SrtpSample(
            Path.GetFileNameWithoutExtension(path),
            Enum.Parse<SrtpProfile>(fields["profile"]),
            Hex.Parse(fields[session ? "session-key" : "master-key"]),
            Hex.Parse(fields[session ? "session-salt" : "master-salt"]),
            session,
            fields["kind"] == "rtcp",
            Hex.Parse(fields["protected"]),
            Hex.Parse(fields["plain"]));
    }
}
