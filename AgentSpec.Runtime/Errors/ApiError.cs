namespace AgentSpec.Runtime.Errors;

/// <summary>Every error body: <c>{"error":"&lt;code&gt;","message":"&lt;sentence&gt;"}</c>.</summary>
public sealed record ApiError(string Error, string Message);
