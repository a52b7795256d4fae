// The Function App running the service as a custom handler on Linux, and its plan. The host's own
// settings are set here; the service's settings (EnforcementFlows__...) come from main.bicep.
param location string
param baseName string
@description('EP1-EP3: Elastic Premium (instances stay warm, so the in-process durable worker keeps running). Y1: Consumption (scales to zero; only the timers wake it).')
@allowed(['EP1', 'EP2', 'EP3', 'Y1'])
param planSku string = 'EP1'
@description('Elastic Premium: instances kept running at all times (at least 1 for the background worker).')
@minValue(1)
param alwaysReadyInstances int = 1
@description('Most instances the plan scales out to. Keep 1 while the store is SQLite (one writer).')
@minValue(1)
param maximumInstances int = 1
param storageAccountName string
param appInsightsConnectionString string
@description('The service settings: [{ name, value }].')
param appSettings array

var isPremium = startsWith(planSku, 'EP')
var appName = 'func-${baseName}'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${baseName}'
  location: location
  kind: isPremium ? 'elastic' : 'functionapp'
  sku: {
    name: planSku
    tier: isPremium ? 'ElasticPremium' : 'Dynamic'
  }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: isPremium ? maximumInstances : null
  }
}

// The host needs a connection string for its storage and content share; it is resolved at
// deployment from the account's keys and never written into a template or parameter file.
var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'

var hostSettings = [
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
  { name: 'AzureWebJobsStorage', value: storageConnection }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
]

// Elastic Premium keeps the app's files (and /home) on an Azure Files share; Linux Consumption has none.
var contentShareSettings = isPremium ? [
  { name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', value: storageConnection }
  { name: 'WEBSITE_CONTENTSHARE', value: toLower(appName) }
] : []

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      minimumElasticInstanceCount: isPremium ? alwaysReadyInstances : null
      functionAppScaleLimit: maximumInstances
      healthCheckPath: '/healthz'
      appSettings: concat(hostSettings, contentShareSettings, appSettings)
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
