using System.Reflection;
using AgentSpec.Core.State;

namespace AgentSpec.Benchmarks.Micro;

/// <summary>
/// The product's state serialiser, <c>AgentSpec.Core.State.Format.StateSerializer.Serialize(StateDocument)</c>.
/// Core keeps it internal and offers no public way to turn a document into file bytes without
/// committing, so the micro-benchmark binds to it once by reflection (a direct delegate: no reflection
/// cost per call). If Core renames it, the benchmark fails saying so instead of measuring a copy.
/// </summary>
internal static class StateSerializerBinding
{
    private const string TypeName = "AgentSpec.Core.State.Format.StateSerializer";

    public static Func<StateDocument, byte[]> Serialize { get; } = Bind();

    private static Func<StateDocument, byte[]> Bind()
    {
        var method = typeof(StateDocument).Assembly.GetType(TypeName)?
            .GetMethod("Serialize", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(StateDocument)]);
        return method is not null && method.ReturnType == typeof(byte[])
            ? method.CreateDelegate<Func<StateDocument, byte[]>>()
            : throw new InvalidOperationException($"AgentSpec.Core has no {TypeName}.Serialize(StateDocument) returning byte[] any more; update bench/AgentSpec.Benchmarks/Micro/StateSerializerBinding.cs.");
    }
}
