using Azure;
using EnforcementFlows.AuditArchive.Blob;

namespace EnforcementFlows.AuditArchive.Tests;

/// <summary>
/// The service's error codes (Azure's documented x-ms-error-code values, some of which Azurite never sends) mapped to
/// what an operator does about them. The codes Azurite does send are covered end to end in the Azurite tests.
/// </summary>
public sealed class ArchiveStorageErrorsTests
{
    [Theory]
    [InlineData(404, "ContainerNotFound", ArchiveStorageProblem.ContainerMissing)]
    [InlineData(403, "AuthenticationFailed", ArchiveStorageProblem.AuthenticationFailed)]
    [InlineData(403, "AuthorizationPermissionMismatch", ArchiveStorageProblem.NoPermission)]
    [InlineData(403, "InsufficientAccountPermissions", ArchiveStorageProblem.NoPermission)]
    [InlineData(409, "BlobImmutableDueToPolicy", ArchiveStorageProblem.ImmutabilityViolation)]
    [InlineData(409, "BlobImmutableDueToLegalHold", ArchiveStorageProblem.ImmutabilityViolation)]
    [InlineData(409, "BlobAlreadyExists", ArchiveStorageProblem.Conflict)]
    [InlineData(412, "ConditionNotMet", ArchiveStorageProblem.Conflict)]
    [InlineData(409, "LeaseIdMissing", ArchiveStorageProblem.Conflict)]
    [InlineData(503, "ServerBusy", ArchiveStorageProblem.Unavailable)]
    [InlineData(500, "OperationTimedOut", ArchiveStorageProblem.Unavailable)]
    [InlineData(0, null, ArchiveStorageProblem.Unavailable)]
    [InlineData(501, "APINotImplemented", ArchiveStorageProblem.Other)]
    [InlineData(400, "InvalidHeaderValue", ArchiveStorageProblem.Other)]
    public void Error_codes_map_to_what_an_operator_acts_on(int status, string? code, ArchiveStorageProblem expected)
        => Assert.Equal(expected, ArchiveStorageErrors.Classify(status, code));

    [Fact]
    public void The_message_is_built_from_status_and_code_never_from_the_SDK_text()
    {
        var sdk = new RequestFailedException(409, "Content: <Error>... sig=SECRETSIG ...</Error>", "BlobImmutableDueToPolicy", null);

        var error = ArchiveStorageErrors.From(sdk, "creating", "audit-archive/segments/0000000001.jsonl");

        Assert.Equal(ArchiveStorageProblem.ImmutabilityViolation, error.Problem);
        Assert.Equal("audit archive: creating 'audit-archive/segments/0000000001.jsonl' failed (status 409, BlobImmutableDueToPolicy): an immutability policy or legal hold forbids the change, as it should for sealed audit blobs", error.Message);
        Assert.DoesNotContain("SECRETSIG", error.Message, StringComparison.Ordinal);
    }
}
