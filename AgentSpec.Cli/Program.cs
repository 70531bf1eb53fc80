Console.WriteLine("agentspec");
return 0;
