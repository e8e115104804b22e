using Microsoft.Extensions.Logging.Abstractions;
using OpsDashboard.Web.Engine;

namespace OpsDashboard.Web.Tests;

/// <summary>Issue 15: the warm pool's size follows the creates seen at once, within the configured floor and the node's free capacity.</summary>
public sealed class WarmPoolTests
{
    private sealed class Item;

    private static async Task Eventually(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task FillsToTheConfiguredSize_ThenToThePeakOfConcurrentCreates_AfterTheyAreAnswered()
    {
        var made = 0;
        using var pool = new WarmPool<Item>(() => { Interlocked.Increment(ref made); return Task.FromResult<Item?>(new Item()); },
            _ => true, _ => { }, () => 2, () => 100, () => false, NullLogger.Instance);
        pool.Start();
        await Eventually(() => pool.Count == 2, $"filled to the configured 2 (has {pool.Count})");

        // Five creates at once: two find a ready context, three make their own.
        var taken = Enumerable.Range(0, 5).Select(_ => pool.TryTake()).ToList();
        Assert.Equal(2, taken.Count(t => t is not null));
        Assert.Equal(2, pool.Hits);
        Assert.Equal(3, pool.Misses);
        Assert.True(pool.Busy);
        Assert.Equal(5, pool.Target);

        for (var i = 0; i < 5; i++)
        {
            pool.Opened();
        }
        Assert.False(pool.Busy);
        await Eventually(() => pool.Count == 5, $"refilled to the peak of 5 (has {pool.Count})");
        Assert.Equal(2 + 5, made);
        Assert.True(pool.MakingMs >= 0);
    }

    [Fact]
    public void Target_NeverExceedsTheFreeCapacity_NorTheCap_AndIsZeroWhenTurnedOff()
    {
        var free = 3;
        var floor = 2;
        using var pool = new WarmPool<Item>(() => Task.FromResult<Item?>(new Item()), _ => true, _ => { }, () => floor, () => free, () => false, NullLogger.Instance);
        for (var i = 0; i < 40; i++)
        {
            pool.TryTake();
        }
        Assert.Equal(3, pool.Target);
        free = 100;
        Assert.Equal(WarmPool<Item>.MaxSize, pool.Target);
        floor = 0;
        Assert.Equal(0, pool.Target);
    }
}
