using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Sfu.Web.Tests.Support;

/// <summary>
/// Two ends of a real WebSocket over a loopback TCP connection, without the HTTP upgrade: the server end for
/// the code under test, the client end as a <see cref="TestClient"/>.
/// </summary>
public sealed class WebSocketPair : IAsyncDisposable
{
    private readonly TcpClient _serverTcp;
    private readonly TcpClient _clientTcp;

    private WebSocketPair(TcpClient serverTcp, TcpClient clientTcp)
    {
        _serverTcp = serverTcp;
        _clientTcp = clientTcp;
        Server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true });
        Client = TestClient.Over(WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false }));
    }

    public WebSocket Server { get; }

    public TestClient Client { get; }

    public static async Task<WebSocketPair> ConnectAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient();
            Task<TcpClient> accepted = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            return new WebSocketPair(await accepted, client);
        }
        finally
        {
            listener.Stop();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Server.Abort();
        Server.Dispose();
        await Client.DisposeAsync();
        _serverTcp.Dispose();
        _clientTcp.Dispose();
    }
}
