using AgentSpec.DemoOrders.Orders;

// The order service of the demo shop, Northwind Cycles: what examples/support-bot's `order-status` http tool
// calls under the AppHost (docs/architecture.md, "The demo order service"). Fixed data, no storage.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddServiceDefaults();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, OrderJsonContext.Default));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOrderStatus();
await app.RunAsync();
