namespace AgentSpec.Core.State.Errors;

/// <summary>Base of every state error; <see cref="Location"/> names the state file. Messages are user-facing sentences.</summary>
public abstract class StateException : Exception
{
    protected StateException(string location, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
    }

    public string Location { get; }
}
