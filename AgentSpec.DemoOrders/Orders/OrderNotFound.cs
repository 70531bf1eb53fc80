using System.Text.Json.Serialization;

namespace AgentSpec.DemoOrders.Orders;

/// <summary>The 404 body: the tool passes it to the model as a failure, which the model can tell the customer.</summary>
public sealed record OrderNotFound(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);
