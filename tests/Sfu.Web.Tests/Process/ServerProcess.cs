using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Sfu.Actors.Auth;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Process;

/// <summary>The server program run as a real process (the Sfu.Web assembly beside the tests), for start-up and signals.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private ServerProcess(System.Diagnostics.Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public Uri WebSocketAddress => new($"ws://127.0.0.1:{Port}/");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServerProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Start(environment, inheritIgnoredStopSignals: false, args);

    /// <summary>
    /// Starts the server the way a shell without job control starts a background command: with SIGINT, SIGQUIT
    /// and SIGTERM inherited as ignored (a shell's <c>trap ''</c>, kept across <c>exec</c>).
    /// </summary>
    public static ServerProcess StartWithStopSignalsIgnored(IReadOnlyDictionary<string, string?> environment) =>
        Start(environment, inheritIgnoredStopSignals: true);

    private static ServerProcess Start(IReadOnlyDictionary<string, string?> environment, bool inheritIgnoredStopSignals, params string[] args)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(inheritIgnoredStopSignals ? "/bin/sh" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (inheritIgnoredStopSignals)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("trap '' INT QUIT TERM; exec dotnet \"$@\"");
            start.ArgumentList.Add("sh");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sfu.Web.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in new[] { "AUTH_KEY", "PUBLIC_IP", "PORT", "HTTP_INTERFACE", "RTC_INTERFACE", "LOG_LEVEL", "SFU_CONFIG", "PROXY" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HTTP_INTERFACE"] = "127.0.0.1";
        start.Environment["RTC_INTERFACE"] = "127.0.0.1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new System.Diagnostics.Process { StartInfo = start };
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Append(server._output, e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(server._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until the server answers /v1/noop.</summary>
    public async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}: {Errors}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "v1/noop"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not start serving");
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Creates a channel without WebRTC (a fresh issuer) and joins it as session 1; the acknowledgement is consumed.</summary>
    public async Task<(string Channel, TestClient Client)> JoinAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/channel?webRTC=false");
        request.Headers.TryAddWithoutValidation("Authorization", "jwt " + Jwt.Sign(new { iss = Guid.NewGuid().ToString() }, TestServer.Key));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string channel = body.RootElement.GetProperty("uuid").GetString()!;
        TestClient client = await TestClient.ConnectAsync(WebSocketAddress);
        await client.AuthenticateAsync(channel, Jwt.Sign(new { session_id = 1 }, TestServer.Key));
        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
        return (channel, client);
    }

    /// <summary>Waits until the condition holds (say, a line in the output), failing after a generous deadline.</summary>
    public static async Task WaitForAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold in time");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends a POSIX signal by number.</summary>
    public void Signal(int number) => Kill(_process.Id, number).Should().Be(0, $"signal {number} could be sent");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
