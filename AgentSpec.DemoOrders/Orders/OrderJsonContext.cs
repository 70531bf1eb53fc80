using System.Text.Json.Serialization;

namespace AgentSpec.DemoOrders.Orders;

[JsonSerializable(typeof(OrderStatus))]
[JsonSerializable(typeof(OrderNotFound))]
internal sealed partial class OrderJsonContext : JsonSerializerContext;
