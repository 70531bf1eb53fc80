namespace AgentSpec.Core.RuntimeApi;

/// <summary>Every error body: <c>{"error":"&lt;code&gt;","message":"&lt;sentence&gt;"}</c>; <see cref="Error"/> is one of <see cref="ErrorCodes"/>.</summary>
public sealed record ApiError(string Error, string Message);
