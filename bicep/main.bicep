// EnforcementFlows on Azure Functions: the .NET 10 isolated worker app (src/EnforcementFlows.Functions) with Durable
// Functions on a Linux Flex Consumption plan, the task hub in Azure Storage through the app's managed identity, the
// domain database on Azure Database for PostgreSQL Flexible Server. Deploy with infra/deploy.sh (docs/azure.md).
// No secret is written here: secrets are secure parameters, stored in Key Vault, and reach the
// app as Key Vault references resolved by its managed identity.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (letters, digits, hyphens).')
@minLength(3)
@maxLength(20)
param baseName string = 'enforcementflows'
param location string = resourceGroup().location

// ---- Function App and plan ----
@description('Most instances the Flex Consumption plan scales out to (40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstances int = 40
@description('Instances kept warm for the durable functions (the outbox relay timer runs every few seconds).')
@minValue(0)
param alwaysReadyInstances int = 1
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048
@description('Where approval links point; empty: https://<function app>.azurewebsites.net.')
param publicBaseUrl string = ''
@description('Entra ID app registration (client id) for App Service authentication; empty: no platform sign-in (approval links then work for whoever holds them).')
param authClientId string = ''
@description('Its client secret (stored in Key Vault, referenced by MICROSOFT_PROVIDER_AUTHENTICATION_SECRET).')
@secure()
param authClientSecret string = ''
@description('API keys: [{ name, role: analyst|approver|admin, keySha256 }]. Hashes only, never keys.')
param apiKeys array = []

// ---- Timer schedules (NCRONTAB, six fields, seconds first; the defaults of FunctionSchedules) ----
param outboxRelaySchedule string = '*/5 * * * * *'
param noticeRelaySchedule string = '2-59/5 * * * * *'
param sweepKeeperSchedule string = '0 */5 * * * *'
param auditArchiveSchedule string = '30 */5 * * * *'

// ---- Secrets (stored in Key Vault) ----
@description('Intake source names (letters, digits, hyphens); one Key Vault secret each.')
param intakeSourceNames array = []
@description('{ "<source name>": "whsec_..." } for every intake source.')
@secure()
param intakeSourceSecrets object = {}
@description('The platform\'s enforcement webhook; empty: the built-in account store.')
param enforcementWebhookUrl string = ''
@description('"whsec_..." for the outbound enforcement webhook; required with enforcementWebhookUrl.')
@secure()
param enforcementWebhookSecret string = ''

// ---- Approval email ----
@description('Create Azure Communication Services Email (Azure-managed domain) and send through its SMTP relay.')
param enableEmailService bool = false
@description('Another SMTP relay when enableEmailService is false; empty: no SMTP (emails are written to the data directory).')
param smtpHost string = ''
param smtpPort int = 587
@description('Sender address; with enableEmailService and empty: DoNotReply@ the managed domain.')
param emailFrom string = ''
@description('SMTP user name (for ACS: <ACS resource name>.<Entra app id>.<tenant id>).')
param smtpUserName string = ''
@secure()
param smtpPassword string = ''

// ---- PostgreSQL (the domain database) ----
@description('An existing Flexible Server\'s host name (<server>.postgres.database.azure.com); empty: this deployment creates one.')
param postgresHost string = ''
param postgresDatabaseName string = 'enforcementflows'
param postgresAdministratorLogin string = 'efadmin'
@secure()
param postgresAdministratorPassword string
@description('For a server created here: public (firewall rules) or private (delegated subnet).')
@allowed(['public', 'private'])
param postgresNetworkMode string = 'public'
param postgresFirewallRules array = []
param postgresAllowAzureServices bool = true
param postgresDelegatedSubnetId string = ''
param postgresPrivateDnsZoneId string = ''
@description('Generated first-run secrets. Flex Consumption has no shared file system: /tmp is per instance (see docs/azure.md); the data-protection keys are in Blob storage.')
param dataDirectory string = '/tmp/enforcementflows'

// ---- Audit archive ----
@minValue(1)
param auditRetentionDays int = 365
@description('The service seals the audit trail into the audit-archive container (managed identity). false: no archive job.')
param auditArchiveEnabled bool = true
@description('How long a holder of the archive lease keeps it: three times this (EnforcementFlows:AuditArchive:Interval, a TimeSpan).')
param auditArchiveInterval string = '00:05:00'
@description('Records per sealed audit segment (EnforcementFlows:AuditArchive:SegmentMaxRecords).')
@minValue(1)
@maxValue(100000)
param auditSegmentMaxRecords int = 10000
@description('A partial segment is sealed once its oldest record is this old, as a .NET TimeSpan (EnforcementFlows:AuditArchive:SegmentMaxAge).')
param auditSegmentMaxAge string = '01:00:00'

var suffix = uniqueString(resourceGroup().id)
var storageName = take(toLower('st${replace(baseName, '-', '')}${suffix}'), 24)
var keyVaultName = 'kv${take(replace(baseName, '-', ''), 9)}${suffix}'
// Known before the vault exists, so app settings can name secrets without waiting for outputs.
var secretsBase = 'https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/'
var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://func-${baseName}.azurewebsites.net' : publicBaseUrl
var effectiveSmtpHost = enableEmailService ? 'smtp.azurecomm.net' : smtpHost
var effectiveEmailFrom = enableEmailService && empty(emailFrom) ? email.outputs.senderAddress : emailFrom
var createsPostgres = empty(postgresHost)
var effectivePostgresHost = createsPostgres ? postgres.outputs.fullyQualifiedDomainName : postgresHost
var usesAuth = !empty(authClientId)

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    baseName: baseName
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: storageName
    auditRetentionDays: auditRetentionDays
  }
}

module postgres 'modules/postgres.bicep' = if (createsPostgres) {
  name: 'postgres'
  params: {
    location: location
    name: 'psql-${baseName}-${suffix}'
    administratorLogin: postgresAdministratorLogin
    administratorLoginPassword: postgresAdministratorPassword
    networkMode: postgresNetworkMode
    firewallRules: postgresFirewallRules
    allowAzureServices: postgresAllowAzureServices
    delegatedSubnetId: postgresDelegatedSubnetId
    privateDnsZoneId: postgresPrivateDnsZoneId
    databaseName: postgresDatabaseName
  }
}

module email 'modules/email.bicep' = if (enableEmailService) {
  name: 'email'
  params: {
    baseName: baseName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: keyVaultName
    intakeSourceNames: intakeSourceNames
    intakeSourceSecrets: intakeSourceSecrets
    enforcementWebhookSecret: enforcementWebhookSecret
    smtpPassword: smtpPassword
    authClientSecret: authClientSecret
    postgresConnectionString: 'Host=${effectivePostgresHost};Database=${postgresDatabaseName};Username=${postgresAdministratorLogin};Password=${postgresAdministratorPassword};SSL Mode=Require'
  }
}

// The service's configuration (section EnforcementFlows; "__" is ":" in app settings).
// tests/EnforcementFlows.App.Tests/Functions/BicepAppSettingsTests.cs checks every name against the options the app
// binds, tests/EnforcementFlows.Functions.Tests/Metadata/BicepTemplateTests.cs that the Functions app reads them all.
var coreSettings = [
  { name: 'EnforcementFlows__DataDirectory', value: dataDirectory }
  { name: 'EnforcementFlows__PublicBaseUrl', value: effectivePublicBaseUrl }
  // With platform sign-in, a link works only for the approver it was sent to (X-MS-CLIENT-PRINCIPAL).
  { name: 'EnforcementFlows__Approvals__RequireSignIn', value: string(usesAuth) }
  // Anti-forgery keys in Blob storage through the managed identity, the same on every instance and after recycling.
  { name: 'EnforcementFlows__KeyRing__ServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'EnforcementFlows__KeyRing__Container', value: storage.outputs.keyRingContainerName }
  // The generated demo source has no place in production; real sources come from Key Vault.
  { name: 'EnforcementFlows__Intake__DemoSourceEnabled', value: 'false' }
]

var intakeSettings = [for source in intakeSourceNames: {
  name: 'EnforcementFlows__Intake__Sources__${source}__Secrets__0'
  value: '@Microsoft.KeyVault(SecretUri=${secretsBase}intake-${source}/)'
}]

var apiKeyEntries = [for (key, i) in apiKeys: [
  { name: 'EnforcementFlows__ApiKeys__${i}__Name', value: key.name }
  { name: 'EnforcementFlows__ApiKeys__${i}__Role', value: key.role }
  { name: 'EnforcementFlows__ApiKeys__${i}__KeySha256', value: key.keySha256 }
]]

// Unset unless used: an empty WebhookUrl would still count as set and fail validation.
var webhookSettings = empty(enforcementWebhookUrl) ? [] : [
  { name: 'EnforcementFlows__Enforcement__WebhookUrl', value: enforcementWebhookUrl }
  { name: 'EnforcementFlows__Enforcement__WebhookSecret', value: '@Microsoft.KeyVault(SecretUri=${secretsBase}enforcement-webhook-secret/)' }
]

var smtpSettings = empty(effectiveSmtpHost) ? [] : [
  { name: 'EnforcementFlows__Email__From', value: effectiveEmailFrom }
  { name: 'EnforcementFlows__Email__SmtpHost', value: effectiveSmtpHost }
  { name: 'EnforcementFlows__Email__SmtpPort', value: string(smtpPort) }
  { name: 'EnforcementFlows__Email__EnableSsl', value: 'true' }
]

// The app requires user name and password together.
var smtpCredentialSettings = empty(effectiveSmtpHost) || empty(smtpUserName) || empty(smtpPassword) ? [] : [
  { name: 'EnforcementFlows__Email__UserName', value: smtpUserName }
  { name: 'EnforcementFlows__Email__Password', value: '@Microsoft.KeyVault(SecretUri=${secretsBase}smtp-password/)' }
]

// The timers' schedules, read by the host through %Setting% binding expressions (unset: the timer is not indexed).
var scheduleSettings = [
  { name: 'OutboxRelaySchedule', value: outboxRelaySchedule }
  { name: 'NoticeRelaySchedule', value: noticeRelaySchedule }
  { name: 'SweepKeeperSchedule', value: sweepKeeperSchedule }
  { name: 'AuditArchiveSchedule', value: auditArchiveSchedule }
]

// Flex Consumption has no persistent disk, so the domain database is always PostgreSQL.
var storageSettings = [
  { name: 'EnforcementFlows__Storage__Provider', value: 'Postgres' }
  { name: 'EnforcementFlows__Storage__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${secretsBase}postgres-connection-string/)' }
]

var authSettings = usesAuth ? [
  { name: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET', value: '@Microsoft.KeyVault(SecretUri=${secretsBase}auth-client-secret/)' }
] : []

// The archive job authenticates with the app's managed identity (DefaultAzureCredential); no key in settings.
var archiveSettings = auditArchiveEnabled ? [
  { name: 'EnforcementFlows__AuditArchive__ServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'EnforcementFlows__AuditArchive__Container', value: storage.outputs.auditContainerName }
  { name: 'EnforcementFlows__AuditArchive__SegmentMaxRecords', value: string(auditSegmentMaxRecords) }
  { name: 'EnforcementFlows__AuditArchive__SegmentMaxAge', value: auditSegmentMaxAge }
  { name: 'EnforcementFlows__AuditArchive__Interval', value: auditArchiveInterval }
] : []

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    baseName: baseName
    maximumInstances: maximumInstances
    alwaysReadyInstances: alwaysReadyInstances
    instanceMemoryMB: instanceMemoryMB
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    appSettings: concat(coreSettings, scheduleSettings, intakeSettings, flatten(apiKeyEntries), webhookSettings, smtpSettings, smtpCredentialSettings, storageSettings,
      archiveSettings, authSettings)
  }
  // Secrets first, so the references resolve once the role assignment lands.
  dependsOn: [keyVault]
}

module keyVaultAccess 'modules/keyvault-access.bicep' = {
  name: 'keyvault-access'
  params: {
    vaultName: keyVault.outputs.name
    principalId: functionApp.outputs.principalId
  }
}

// The host's storage, the task hub, the deployment container and the audit archive, all through the app's identity.
module storageRoles 'modules/storage-roles.bicep' = {
  name: 'storage-roles'
  params: {
    storageAccountName: storage.outputs.name
    principalId: functionApp.outputs.principalId
  }
}

module auth 'modules/auth.bicep' = if (usesAuth) {
  name: 'auth'
  params: {
    appName: functionApp.outputs.name
    clientId: authClientId
    clientSecretSettingName: 'MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output publicBaseUrl string = effectivePublicBaseUrl
// For a self-hosted dashboard's EnforcementFlows:Dashboard:DurableFunctionsManagementUrl (the API asks for the system key).
output durableFunctionsManagementUrl string = 'https://${functionApp.outputs.defaultHostName}/runtime/webhooks/durabletask'
output keyVaultName string = keyVault.outputs.name
output storageAccountName string = storage.outputs.name
output auditArchiveContainer string = storage.outputs.auditContainerName
output postgresHost string = effectivePostgresHost
output emailSenderAddress string = enableEmailService ? email.outputs.senderAddress : emailFrom
