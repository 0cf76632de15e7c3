using Amend.Models.Hooks;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;

namespace Amend.Models.Tests.Inference;

public sealed class KeyValueCacheTests
{
    [Fact]
    public void APassThatStopsOrFails_LeavesTheCacheAsItWas_SoItsNextStepMatchesAnUninterruptedCache()
    {
        // Given a cache holding a 4-token prompt
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "gpt2"));
        var cache = new KeyValueCache(model.Architecture.NumLayers);
        model.Logits(new TokenBatch([[17, 301, 52, 9]]), cache);

        // When a pass stops at block 1, and another fails in a hook at block 1, each after earlier blocks appended keys
        using (new Trace(model.Hooks, HookPoint.Block(1), new TraceOptions { Stop = true }))
        {
            Assert.NotNull(model.Run(new TokenBatch([[7]]), new ForwardOptions { Cache = cache }).StoppedAt);
        }

        using (new Trace(model.Hooks, HookPoint.Block(1), new TraceOptions { EditOutput = _ => throw new InvalidOperationException("hook failed") }))
        {
            Assert.Throws<InvalidOperationException>(() => model.Logits(new TokenBatch([[7]]), cache));
        }

        // Then the cache still holds the prompt only: the next token's logits equal, bit for bit, those from a cache
        // that saw no interrupted pass
        var cached = model.Logits(new TokenBatch([[8]]), cache);
        var clean = new KeyValueCache(model.Architecture.NumLayers);
        model.Logits(new TokenBatch([[17, 301, 52, 9]]), clean);
        Assert.Equal(4 + 1, cache.Length);
        Assert.Equal(model.Logits(new TokenBatch([[8]]), clean).ToArray(), cached.ToArray());
    }

    [Fact]
    public void ACacheForAnotherNumberOfLayers_IsRefused()
    {
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "gpt2"));

        var error = Assert.Throws<ArgumentException>(() => model.Logits(new TokenBatch([[1, 2]]), new KeyValueCache(1)));

        Assert.Contains($"the cache holds 1 layers but this gpt2 model has {model.Architecture.NumLayers}", error.Message, StringComparison.Ordinal);
    }
}
