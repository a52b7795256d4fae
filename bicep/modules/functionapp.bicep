// The Function App running src/EnforcementFlows.Functions (.NET 10 isolated worker, Durable Functions) on a Linux
// Flex Consumption plan, and the plan. Flex: the deployment package and the host's storage (task hub, timer leases)
// are reached with the app's managed identity, no account key anywhere. The service's settings come from main.bicep.
param location string
param baseName string
@description('Most instances the plan scales out to (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstances int = 40
@description('Instances kept warm for the durable functions (orchestrations, activities, durable-client timers): the outbox relay runs every few seconds.')
@minValue(0)
param alwaysReadyInstances int = 1
@description('Memory of each instance, MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048
param storageAccountName string
param deploymentContainerName string
param appInsightsConnectionString string
@description('The service settings: [{ name, value }].')
param appSettings array

var appName = 'func-${baseName}'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${baseName}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

// The host's own settings. Flex sets the runtime in functionAppConfig, so the worker runtime and extension version
// must not be app settings. AzureWebJobsStorage__accountName makes the host's storage
// (and the Durable Task hub on the AzureWebJobsStorage connection, host.json) identity-based: the system-assigned
// identity and the roles in storage-roles.bicep.
var hostSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storage.name }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstances
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyInstances > 0 ? [ { name: 'durable', instanceCount: alwaysReadyInstances } ] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(hostSettings, appSettings)
    }
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output principalId string = app.identity.principalId
