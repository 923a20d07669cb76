using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Two endpoints wired in memory: what one sends is handed to the other's OnDatagram on the sending thread.
/// Each direction can drop datagrams (seeded, so a run is repeatable) or by a rule, and records what it carried.
/// </summary>
internal sealed class BackToBackLink : IDisposable
{
    private readonly Direction _toB;
    private readonly Direction _toA;
    private readonly DtlsHandshakePool? _ownPool;

    public BackToBackLink(
        DtlsRole roleOfA,
        DtlsOptions? optionsA = null,
        DtlsOptions? optionsB = null,
        DtlsHandshakePool? pool = null,
        DtlsFingerprint? expectedByA = null,
        DtlsFingerprint? expectedByB = null)
    {
        _toB = new Direction();
        _toA = new Direction();
        // A pool per link keeps tests running in parallel from queueing behind each other's handshakes.
        _ownPool = pool is null ? new DtlsHandshakePool(2) : null;
        pool ??= _ownPool;
        A = new DtlsEndpoint(roleOfA, TestCertificates.First, expectedByA ?? TestCertificates.Second.GetFingerprint("sha-256"),
            datagram => _toB.Carry(datagram, B!), optionsA, pool);
        B = new DtlsEndpoint(Opposite(roleOfA), TestCertificates.Second, expectedByB ?? TestCertificates.First.GetFingerprint("sha-256"),
            datagram => _toA.Carry(datagram, A), optionsB, pool);
    }

    public DtlsEndpoint A { get; }

    public DtlsEndpoint B { get; }

    public DtlsEndpoint Client => A.Role == DtlsRole.Client ? A : B;

    public DtlsEndpoint Server => A.Role == DtlsRole.Server ? A : B;

    /// <summary>A to B traffic.</summary>
    public Direction AToB => _toB;

    /// <summary>B to A traffic.</summary>
    public Direction BToA => _toA;

    public Direction FromClient => Client == A ? _toB : _toA;

    public Direction FromServer => Server == A ? _toB : _toA;

    public static DtlsRole Opposite(DtlsRole role) => role == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client;

    public void StartBoth()
    {
        // Server first, as in the real protocol (it waits for the ClientHello).
        Server.Start();
        Client.Start();
    }

    /// <summary>Waits for both handshakes; the bound only keeps a broken build from hanging the run.</summary>
    public async Task<(DtlsResult Client, DtlsResult Server)> CompleteBothAsync(TimeSpan? bound = null)
    {
        TimeSpan limit = bound ?? TimeSpan.FromSeconds(20);
        DtlsResult[] results = await Task.WhenAll(Client.Completion, Server.Completion).WaitAsync(limit);
        return (results[0], results[1]);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        _ownPool?.Dispose();
    }

    internal sealed class Direction
    {
        private readonly object _gate = new();
        private readonly List<byte[]> _carried = [];
        private Random? _loss;
        private double _lossRate;

        /// <summary>Return true to drop this datagram; checked before random loss.</summary>
        public Func<byte[], bool>? DropWhen { get; set; }

        public int Dropped { get; private set; }

        public IReadOnlyList<byte[]> Carried
        {
            get
            {
                lock (_gate)
                {
                    return _carried.ToArray();
                }
            }
        }

        public void LoseRandomly(double rate, int seed)
        {
            _lossRate = rate;
            _loss = new Random(seed);
        }

        public void Carry(ReadOnlySpan<byte> datagram, DtlsEndpoint to)
        {
            byte[] copy = datagram.ToArray();
            lock (_gate)
            {
                if ((DropWhen?.Invoke(copy) ?? false) || (_loss is not null && _loss.NextDouble() < _lossRate))
                {
                    Dropped++;
                    return;
                }

                _carried.Add(copy);
            }

            to.OnDatagram(copy);
        }
    }
}
