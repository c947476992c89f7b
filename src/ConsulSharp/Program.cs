return await ConsulSharp.Cli.CommandLine.RunAsync(args);
