using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>What a session sent its client, as a recording bus reports it to a probe.</summary>
public sealed record BusSent(string Client, string Name, JsonNode? Payload)
{
    public string PayloadJson => Payload?.ToJsonString() ?? "null";
}

public sealed record BusRequested(string Client, string Name, string RequestId, JsonNode? Payload = null);

public sealed record BusClosed(string Client, int Code);

/// <summary>The bus threw the injected fault at the session: the session has reached the failing message.</summary>
public sealed record BusSendFailed(string Client, string Name);

/// <summary>
/// A client's bus for scenario tests: it reports everything the session does with it to a probe and lets the test
/// answer requests. It stands for the WebSocket, not for anything the server computes.
/// </summary>
public sealed class RecordingBus(string client, IActorRef probe) : IClientBus
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private int _requests;
    private volatile bool _closed;

    /// <summary>When set, Send blocks until it is released: a client whose session is stuck.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>When set, the next Send throws it: a fault injected into the session's handling.</summary>
    public Exception? FailNextSend { get; set; }

    public string Client => client;

    public string RemoteAddress => "127.0.0.1";

    public bool IsOpen => !_closed;

    public void Send(string name, JsonNode? payload, bool immediate = false)
    {
        Gate?.Wait();
        if (FailNextSend is { } failure)
        {
            FailNextSend = null;
            probe.Tell(new BusSendFailed(client, name));
            throw failure;
        }

        probe.Tell(new BusSent(client, name, payload?.DeepClone()));
    }

    public Task<JsonElement> RequestAsync(string name, JsonNode? payload, TimeSpan timeout, bool immediate = false)
    {
        string id = $"s_{client}_{Interlocked.Increment(ref _requests)}";
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        probe.Tell(new BusRequested(client, name, id, payload?.DeepClone()));
        return completion.Task;
    }

    public void Respond(string requestId, JsonNode? result) => probe.Tell(new BusSent(client, "response:" + requestId, result));

    public void Close(int closeCode)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        probe.Tell(new BusClosed(client, closeCode));
    }

    public void Answer(string requestId) => _pending[requestId].TrySetResult(default);

    public void Answer(string requestId, string resultJson) =>
        _pending[requestId].TrySetResult(JsonDocument.Parse(resultJson).RootElement.Clone());

    public void FailRequest(string requestId, Exception error) => _pending[requestId].TrySetException(error);
}
