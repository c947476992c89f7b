using Microsoft.Playwright;

namespace ConsulSharp.Ui.Tests;

/// <summary>A browser context with one page; records uncaught script errors and fails the test on dispose if any happened.</summary>
public sealed class UiPage : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    public UiPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, e) => { lock (_errors) { _errors.Add(e); } };
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && !m.Text.Contains("Failed to load resource", StringComparison.Ordinal))
            {
                lock (_errors) { _errors.Add("console: " + m.Text); }
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Task GotoAsync(string path) => Page.GotoAsync(path);

    public ILocator Main => Page.Locator("#main");

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, "Script errors in the page:\n" + string.Join('\n', _errors));
        }
    }
}
