[assembly: AssemblyFixture(typeof(ConsulSharp.Ui.Tests.UiFixture))]
