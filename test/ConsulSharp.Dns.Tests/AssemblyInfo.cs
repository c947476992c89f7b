[assembly: AssemblyFixture(typeof(ConsulSharp.Dns.Tests.DnsFixture))]
