namespace AgentSpec.Core.State;

/// <summary>
/// A place where state lives, with its lock (docs/state.md, "State backends"): the four capabilities, in the
/// spirit of Terraform's statemgr — reading (<see cref="IStateReader"/>, no lock), locking
/// (<see cref="IStateLocker"/>), writing under the lock (<see cref="IStateLock"/>: load, commit, recover) and
/// inspecting (<see cref="IStateInspector"/>). A new backend implements these and nothing of another backend;
/// every backend must pass the <c>StateBackendConformance</c> test suite, which is the contract.
/// </summary>
public interface IStateBackend : IStateReader, IStateLocker, IStateInspector;
