var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.Run();
