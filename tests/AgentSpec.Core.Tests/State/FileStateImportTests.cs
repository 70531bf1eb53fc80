using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>The file backend's <see cref="IStateLock.ImportAsync"/> (state migrate) passes the import conformance tests.</summary>
public sealed class FileStateImportTests : StateImportConformance, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override IStateBackend CreateBackend() => new FileStateBackend(_directory.File(".agentspec.state.json"));

    public void Dispose() => _directory.Dispose();
}
