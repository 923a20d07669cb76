using Sfu.Actors.Media;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Scenarios.Media;

/// <summary>Places every router of the scenario as a <see cref="ScriptedRouter"/> reporting to the probe.</summary>
public sealed class ScriptedMediaPlane(IActorRef probe) : IMediaPlane
{
    public Props RouterProps(string channelUuid) => Props.Create(() => new ScriptedRouter(probe));
}
