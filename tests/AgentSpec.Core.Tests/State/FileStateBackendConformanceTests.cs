using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>The file backend passes the state backend conformance suite.</summary>
public sealed class FileStateBackendConformanceTests : StateBackendConformance
{
    private readonly TempDirectory _directory = new();

    protected override IStateBackend CreateBackend() => new FileStateBackend(_directory.File(".agentspec.state.json"));

    protected override IStateBackend OpenAgain(IStateBackend backend) => new FileStateBackend(backend.Location);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _directory.Dispose();
        }

        base.Dispose(disposing);
    }
}
