using EnforcementFlows.App.Dashboard.Metrics;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests.Dashboard.Metrics;

/// <summary>The app (its real database) seeded with <see cref="MetricsSeed"/>, and the 24 h report over it.</summary>
public class MetricsFixture : AppFactory, IAsyncLifetime
{
    public MetricsReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var store = Services.GetRequiredService<IDomainDatabase>();
        await MetricsSeed.WriteAsync(store);
        Report = await new MetricsQueries(store, new ManualTimeProvider(MetricsSeed.Now)).LoadAsync("24h", CancellationToken.None);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public sealed class PostgresMetricsFixture : MetricsFixture
{
    protected override bool OnPostgres => true;
}

/// <summary>The metric numbers over the app's real SQLite database.</summary>
public sealed class MetricsQueriesTests(MetricsFixture fixture) : MetricsQueriesTests<MetricsFixture>(fixture);

/// <summary>The same numbers with the app on PostgreSQL (the same SQL through Npgsql parameters).</summary>
public sealed class PostgresMetricsQueriesTests(PostgresMetricsFixture fixture) : MetricsQueriesTests<PostgresMetricsFixture>(fixture);

public abstract class MetricsQueriesTests<TFixture>(TFixture fixture) : IClassFixture<TFixture> where TFixture : MetricsFixture
{
    private MetricsReport R => fixture.Report;

    // The 24h window: hourly buckets from 2020-01-09 13:00 to 2020-01-10 13:00; hour h of the 10th is bucket h + 11.
    private static int Hour(int h) => h + 11;

    [Fact]
    public void The_window_is_24_hourly_buckets_ending_with_the_current_hour()
    {
        Assert.Equal(new DateTimeOffset(2020, 1, 9, 13, 0, 0, TimeSpan.Zero), R.Window.From);
        Assert.Equal(24, R.Window.Buckets);
        Assert.Equal("12:00", R.Window.Labels()[^1]);
        Assert.Equal("01-10 00:00", R.Window.Labels()[Hour(0)]);
    }

    [Fact]
    public void Signals_are_counted_per_hour_and_category_inside_the_window_only()
    {
        Assert.Equal(6, R.Signals.Total);
        Assert.Equal(["harassment", "spam"], R.Signals.ByCategory.Keys.Order());
        var spam = R.Signals.ByCategory["spam"];
        Assert.Equal(1, spam[Hour(8)]);
        Assert.Equal(2, spam[Hour(10)]);
        Assert.Equal(1, spam[Hour(11)]);
        Assert.Equal(1, spam[Hour(12)]);
        Assert.Equal(1, R.Signals.ByCategory["harassment"][Hour(10)]);
    }

    [Fact]
    public void Closed_cases_are_split_by_who_decided()
    {
        Assert.Equal(6, R.Decisions.Total);
        Assert.Equal(1, R.Decisions.Automatic[Hour(9)]);
        Assert.Equal(1, R.Decisions.Automatic[Hour(10)]);
        Assert.Equal(1, R.Decisions.Human[Hour(10)]);
        Assert.Equal(1, R.Decisions.DeadlinePassed[Hour(11)]);
        Assert.Equal(2, R.Decisions.Human[Hour(12)]); // c4 rejected by email, c7 dismissed on the dashboard
        Assert.Equal(2.0 / 6, R.Decisions.AutomaticShare, 9);
        Assert.Equal(3.0 / 6, R.Decisions.HumanShare, 9);
    }

    [Fact]
    public void Time_from_first_signal_to_first_action_per_case()
    {
        Assert.Equal([TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30)], R.TimeToAction.Durations.Order());
        Assert.Equal(TimeSpan.FromMinutes(2), R.TimeToAction.Median);
        Assert.Equal(TimeSpan.FromMinutes(30), R.TimeToAction.P90);
        Assert.Equal([0, 2, 0, 1, 0, 0, 0], R.TimeToAction.Histogram());
    }

    [Fact]
    public void Approval_rate_counts_decisions_and_reversal_rate_leaves_out_replaced_interim_actions()
    {
        Assert.Equal(0.5, R.Approvals.Rate, 9); // approve: c2, c8; not: c4 (reject) and c7 (dashboard dismiss)
        Assert.Equal(1.0, R.Approvals.RateAt(Hour(10)), 9);
        Assert.Equal(1.0 / 3, R.Approvals.RateAt(Hour(12)), 9);
        Assert.True(double.IsNaN(R.Approvals.RateAt(Hour(11))));

        Assert.Equal(3, R.Reversals.Applied.Sum()); // a6, a2, a4i (not a2i: replaced by a2)
        Assert.Equal(1, R.Reversals.Reversed[Hour(11)]); // a4i, lifted when the case was rejected
        Assert.Equal(1.0 / 3, R.Reversals.Rate, 9);
    }

    [Fact]
    public void The_review_queue_is_derived_from_approval_requests_and_closing_times()
    {
        Assert.Equal(0, R.Queue.Size[Hour(9)]);  // 10:00: nothing requested yet
        Assert.Equal(1, R.Queue.Size[Hour(10)]); // 11:00: c3 (c2 was decided at 10:50)
        Assert.Equal(18 * 60, R.Queue.OldestSeconds[Hour(10)]);
        Assert.Equal(2, R.Queue.Size[Hour(11)]); // 12:00: c4 and c5 (c3 expired at 11:45)
        Assert.Equal(48 * 60, R.Queue.OldestSeconds[Hour(11)]);
        Assert.Equal(MetricsSeed.Now, R.Queue.SampledAt[^1]); // the last sample is now: only c5
        Assert.Equal(1, R.Queue.Size[^1]); // not c8: a request recorded at the moment of a dashboard decision starts no wait
        Assert.Equal(59 * 60, R.Queue.OldestSeconds[^1]);
    }

    [Fact]
    public void Sweeps_in_the_window_with_the_cases_they_started()
    {
        var sweep = Assert.Single(R.Sweeps);
        Assert.Equal((3, 5, 2), (sweep.AccountsSeen, sweep.FlagsSeen, sweep.CasesStarted));
        var chart = MetricsCharts.Sweeps(R);
        Assert.Equal(2, chart.Series.Single(s => s.Name == "cases started").Values[Hour(12)]);
    }

    [Fact]
    public void The_page_body_has_a_chart_and_a_data_table_for_each_metric()
    {
        var html = MetricsPage.Render(R);
        foreach (var id in new[] { "signals", "decisions", "time-to-action", "rates", "queue-size", "queue-oldest", "sweeps" })
        {
            Assert.Contains($"<figure class=\"chart\" id=\"{id}\">", html, StringComparison.Ordinal);
        }
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count);
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(html, "<details>").Count);
        Assert.Contains("<dd>50%</dd>", html, StringComparison.Ordinal); // decided by humans
    }
}
