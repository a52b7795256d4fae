// EnforcementFlows on Azure Functions (custom handler, Linux). Deploy with infra/deploy.sh.
// No secret is written here: secrets are secure parameters, stored in Key Vault, and reach the
// app as Key Vault references resolved by its managed identity.
targetScope = 'resourceGroup'

@description('Short name used in every resource name (letters, digits, hyphens).')
@minLength(3)
@maxLength(20)
param baseName string = 'enforcementflows'
param location string = resourceGroup().location

// ---- Function App and plan ----
@description('EP1-EP3 Elastic Premium (default: stays warm for the background worker) or Y1 Consumption (scales to zero).')
@allowed(['EP1', 'EP2', 'EP3', 'Y1'])
param planSku string = 'EP1'
@minValue(1)
param alwaysReadyInstances int = 1
@description('Instances the plan may scale to. Must be 1 with storageProvider Sqlite (one writer); any number with Postgres.')
@minValue(1)
param maximumInstances int = 4
@description('Where approval links point; empty: https://<function app>.azurewebsites.net.')
param publicBaseUrl string = ''
@description('Approval pages require App Service authentication (Easy Auth) sign-in as the addressed approver.')
param requireSignInForApprovals bool = false
@description('API keys: [{ name, role: analyst|approver|admin, keySha256 }]. Hashes only, never keys.')
param apiKeys array = []

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

// ---- PostgreSQL ----
param postgresAdministratorLogin string = 'efadmin'
@secure()
param postgresAdministratorPassword string
@allowed(['public', 'private'])
param postgresNetworkMode string = 'public'
param postgresFirewallRules array = []
param postgresAllowAzureServices bool = true
param postgresDelegatedSubnetId string = ''
param postgresPrivateDnsZoneId string = ''
@description('Postgres: the workflow and audit store on the Flexible Server (production). Sqlite: the embedded database on /home, one instance (trials).')
@allowed(['Sqlite', 'Postgres'])
param storageProvider string = 'Postgres'
@description('SQLite database, data-protection keys, generated secrets. /home is the plan\'s persistent share.')
param dataDirectory string = '/home/data/enforcementflows'

// ---- Audit archive ----
@minValue(1)
param auditRetentionDays int = 365
@description('The service seals the audit trail into the audit-archive container (managed identity). false: no archive job.')
param auditArchiveEnabled bool = true
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
var usesPostgres = storageProvider == 'Postgres'

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

module postgres 'modules/postgres.bicep' = {
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
    postgresConnectionString: 'Host=${postgres.outputs.fullyQualifiedDomainName};Database=${postgres.outputs.databaseName};Username=${postgresAdministratorLogin};Password=${postgresAdministratorPassword};SSL Mode=Require'
  }
}

// The service's configuration (section EnforcementFlows; "__" is ":" in app settings).
// tests/EnforcementFlows.App.Tests/Functions/BicepAppSettingsTests.cs checks every name against the options the app binds.
var coreSettings = [
  { name: 'EnforcementFlows__DataDirectory', value: dataDirectory }
  { name: 'EnforcementFlows__PublicBaseUrl', value: effectivePublicBaseUrl }
  { name: 'EnforcementFlows__Approvals__RequireSignIn', value: string(requireSignInForApprovals) }
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

var storageSettings = usesPostgres ? [
  { name: 'EnforcementFlows__Storage__Provider', value: 'Postgres' }
  { name: 'EnforcementFlows__Storage__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${secretsBase}postgres-connection-string/)' }
] : []

// The archive job authenticates with the app's managed identity (DefaultAzureCredential); no key in settings.
var archiveSettings = auditArchiveEnabled ? [
  { name: 'EnforcementFlows__AuditArchive__ServiceUri', value: storage.outputs.blobEndpoint }
  { name: 'EnforcementFlows__AuditArchive__Container', value: storage.outputs.auditContainerName }
  { name: 'EnforcementFlows__AuditArchive__SegmentMaxRecords', value: string(auditSegmentMaxRecords) }
  { name: 'EnforcementFlows__AuditArchive__SegmentMaxAge', value: auditSegmentMaxAge }
] : []

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    baseName: baseName
    planSku: planSku
    alwaysReadyInstances: alwaysReadyInstances
    maximumInstances: maximumInstances
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    appSettings: concat(coreSettings, intakeSettings, flatten(apiKeyEntries), webhookSettings, smtpSettings, smtpCredentialSettings, storageSettings, archiveSettings)
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

// Blob data access for the archive job, on the archive container only.
module archiveAccess 'modules/storage-access.bicep' = if (auditArchiveEnabled) {
  name: 'archive-access'
  params: {
    storageAccountName: storage.outputs.name
    containerName: storage.outputs.auditContainerName
    principalId: functionApp.outputs.principalId
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output publicBaseUrl string = effectivePublicBaseUrl
output keyVaultName string = keyVault.outputs.name
output storageAccountName string = storage.outputs.name
output auditArchiveContainer string = storage.outputs.auditContainerName
output postgresHost string = postgres.outputs.fullyQualifiedDomainName
output emailSenderAddress string = enableEmailService ? email.outputs.senderAddress : emailFrom
