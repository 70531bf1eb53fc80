using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Demo;
using AgentSpec.AppHost.Hosting;
using AgentSpec.AppHost.Redis;
using AgentSpec.AppHost.Runtime;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddAgentSpecRedis();
var apiKey = builder.AddRuntimeApiKey();
var demoOrders = builder.AddDemoOrders();
var runtime = builder.AddAgentSpecRuntime(redis, apiKey).WithDemoOrders(demoOrders);
builder.AddAgentSpecCli(runtime, apiKey, redis);
builder.AddShutdownNotice();

builder.Build().Run();
