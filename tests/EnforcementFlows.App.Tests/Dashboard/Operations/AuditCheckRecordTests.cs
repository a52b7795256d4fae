using EnforcementFlows.App.Dashboard.Operations;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

/// <summary>The operations page's "last verify result" is recorded in the database, not in one process's memory.</summary>
public sealed class AuditCheckRecordTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_check_run_by_one_process_is_the_last_check_every_process_shows()
    {
        var here = app.Services.GetRequiredService<AuditChainStatus>();
        Assert.Null(await here.LastAsync(CancellationToken.None));
        var check = await here.VerifyAsync("admin-one", CancellationToken.None);

        // Another process (or this one after a restart) holds its own instance over the same database.
        var elsewhere = new AuditChainStatus(app.Services.GetRequiredService<AuditLedger>(), app.Services.GetRequiredService<IDomainDatabase>(),
            TimeProvider.System, NullLogger<AuditChainStatus>.Instance);
        var last = await elsewhere.LastAsync(CancellationToken.None);

        Assert.NotNull(last);
        Assert.Equal(check with { CheckedAt = last.CheckedAt }, last);
        Assert.Equal(check.CheckedAt.ToUnixTimeMilliseconds(), last.CheckedAt.ToUnixTimeMilliseconds());
    }
}
