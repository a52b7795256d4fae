// The Functions host's storage account, reached only with the app's managed identity (shared key access off): the
// host's timer schedules and leases, the Durable Task hub (Azure Storage provider: queues, tables, blobs), the Flex
// Consumption deployment container, and the audit-archive container. The container's time-based immutability policy makes archived audit
// records undeletable and unchangeable for the retention period. The archive job
// (src/EnforcementFlows.AuditArchive) writes only create-only block blobs (one segment and one
// manifest-entry blob per sealed segment, chained by hash), so protected append writes are off.
param location string
param name string
@description('Days an archived audit blob cannot be changed or deleted.')
@minValue(1)
param auditRetentionDays int = 365

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
    // Identity-based connections only (AzureWebJobsStorage__accountName, the archive's ServiceUri): no key works.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource auditArchive 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'audit-archive'
  properties: {
    publicAccess: 'None'
  }
}

// Flex Consumption runs the package uploaded here (functionAppConfig.deployment, managed identity).
resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'app-package'
  properties: {
    publicAccess: 'None'
  }
}

// The data-protection key ring (approval pages' anti-forgery tokens), shared by every instance: Flex has no shared disk.
resource keyRing 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'dataprotection-keys'
  properties: {
    publicAccess: 'None'
  }
}

// Unlocked on purpose: a locked policy cannot be shortened or removed, so locking is an operator's
// deliberate step once the retention period is agreed (see docs/azure.md).
resource auditImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: auditArchive
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditRetentionDays
    allowProtectedAppendWrites: false
  }
}

output name string = account.name
output id string = account.id
output auditContainerName string = auditArchive.name
output deploymentContainerName string = deployment.name
output keyRingContainerName string = keyRing.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
