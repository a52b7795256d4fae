// The Function App's identity on the host's storage account: what AzureWebJobsStorage__accountName needs for the
// Functions host (blob leases and timer schedules, the Flex deployment container) and for the Durable Task hub on the
// Azure Storage provider (control and work-item queues, history and instance tables, lease and payload blobs).
// Built-in role ids; no account key is used by anything.
param storageAccountName string
param principalId string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

var roles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner: host leases, deployment package, task hub blobs (and the audit archive's container)
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor: task hub control and work-item queues
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor: task hub history and instances tables
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(account.id, principalId, role)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]
