using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Functions.Archive;
using EnforcementFlows.Functions.Tests.Infrastructure;
using EnforcementFlows.Workflows.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>The audit archive timer seals the domain's audit trail into a real (Azurite) container, and does nothing when off.</summary>
public sealed class AuditArchiveFunctionTests(FunctionsHostFixture host) : IClassFixture<FunctionsHostFixture>
{
    [Fact]
    public async Task With_no_archive_configured_the_timer_does_nothing()
    {
        var function = ActivatorUtilities.CreateInstance<AuditArchiveFunction>(host.Services);
        Assert.Null(await function.Run(new TimerInfo(), CancellationToken.None));
    }

    [Fact]
    public async Task The_timer_seals_due_segments_once_and_the_next_tick_finds_nothing_new()
    {
        await using var azurite = await AzuriteStorage.StartAsync();
        var fixture = new ArchiveHost(azurite.ConnectionString);
        await fixture.InitializeAsync();
        try
        {
            var store = fixture.Services.GetRequiredService<IDomainDatabase>();
            await store.RunInTransactionAsync(tx =>
            {
                for (var i = 0; i < 3; i++)
                {
                    AuditLedger.Append(tx, new AuditEntry(DateTimeOffset.UtcNow, AuditKind.ApprovalDecided, "test",
                        AuditEntries.Data(new JsonObject { ["n"] = i }), "case_" + i, "acct_" + i));
                }
                return true;
            }, CancellationToken.None);

            var first = await ActivatorUtilities.CreateInstance<AuditArchiveFunction>(fixture.Services).Run(new TimerInfo(), CancellationToken.None);
            Assert.NotNull(first);
            Assert.Equal(3, first.SegmentsSealed); // SegmentMaxRecords 1
            Assert.Equal(3, first.ArchivedRecords);

            var second = await ActivatorUtilities.CreateInstance<AuditArchiveFunction>(fixture.Services).Run(new TimerInfo(), CancellationToken.None);
            Assert.NotNull(second);
            Assert.Equal(0, second.SegmentsSealed);
            Assert.Equal(3, second.ArchivedRecords);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private sealed class ArchiveHost(string connectionString) : FunctionsHostFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
        [
            new("EnforcementFlows:AuditArchive:ConnectionString", connectionString),
            new("EnforcementFlows:AuditArchive:Container", "audit-archive-fn"),
            new("EnforcementFlows:AuditArchive:SegmentMaxRecords", "1"),
        ];
    }
}
