using System.Text.Json.Serialization;

namespace AgentSpec.DemoOrders.Orders;

/// <summary>What <c>GET /orders/{order_id}</c> answers: the wire shape the support-bot's tool hands to the model.</summary>
public sealed record OrderStatus(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("carrier")] string? Carrier,
    [property: JsonPropertyName("estimated_delivery")] string? EstimatedDelivery);
