namespace AgentSpec.DemoOrders.Orders;

/// <summary>
/// The demo's orders, fixed so a demo turn and the tests that check it always see the same answer
/// (1042 is the order the README's tour asks about).
/// </summary>
public static class OrderBook
{
    private static readonly Dictionary<string, OrderStatus> Orders = new(StringComparer.Ordinal)
    {
        ["1042"] = new("1042", "shipped", "DHL", "2026-12-08"),
        ["1234"] = new("1234", "packing", null, "2026-12-10"),
        ["2001"] = new("2001", "delivered", "UPS", null),
    };

    public static IReadOnlyCollection<string> OrderIds => Orders.Keys;

    public static OrderStatus? Find(string orderId) => Orders.GetValueOrDefault(orderId.Trim());
}
