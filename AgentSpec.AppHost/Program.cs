using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Hosting;
using AgentSpec.AppHost.Redis;
using AgentSpec.AppHost.Runtime;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddAgentSpecRedis();
var apiKey = builder.AddRuntimeApiKey();
var runtime = builder.AddAgentSpecRuntime(redis, apiKey);
builder.AddAgentSpecCli(runtime, apiKey, redis);
builder.AddShutdownNotice();

builder.Build().Run();
