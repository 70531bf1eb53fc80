var builder = DistributedApplication.CreateBuilder(args);
builder.AddProject<Projects.AgentSpec_Runtime>("runtime").WithHttpEndpoint();
builder.Build().Run();
