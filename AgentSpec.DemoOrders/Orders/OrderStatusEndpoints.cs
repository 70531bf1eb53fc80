namespace AgentSpec.DemoOrders.Orders;

public static class OrderStatusEndpoints
{
    public const string Route = "/orders/{orderId}";

    public static IEndpointRouteBuilder MapOrderStatus(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Route, (string orderId) => OrderBook.Find(orderId) is { } order
            ? Results.Ok(order)
            : Results.NotFound(new OrderNotFound(
                "order_not_found",
                $"Northwind Cycles has no order '{orderId}'. Known demo orders: {string.Join(", ", OrderBook.OrderIds)}.")));
        return endpoints;
    }
}
