// Key Vault (RBAC mode) holding the service's secrets. Values arrive as secure parameters at
// deployment and never appear in the templates; the Function App reads them through
// @Microsoft.KeyVault(SecretUri=...) app settings with its managed identity.
param location string
param name string
@description('Intake source names; each gets a secret "intake-<name>" from intakeSourceSecrets.')
param intakeSourceNames array = []
@description('{ "<source name>": "whsec_..." } for every name in intakeSourceNames.')
@secure()
param intakeSourceSecrets object = {}
@description('"whsec_..." the outbound enforcement webhooks are signed with; empty: no secret stored.')
@secure()
param enforcementWebhookSecret string = ''
@description('SMTP password for approval emails; empty: no secret stored.')
@secure()
param smtpPassword string = ''
@description('Client secret of the Entra ID app registration used by App Service authentication; empty: no secret stored.')
@secure()
param authClientSecret string = ''
@description('Npgsql connection string for the PostgreSQL store; empty: no secret stored.')
@secure()
param postgresConnectionString string = ''

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC role assignments (Key Vault Secrets User for the app), not access policies.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

// Secret names allow letters, digits and hyphens only: name intake sources accordingly.
resource intake 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for source in intakeSourceNames: {
  parent: vault
  name: 'intake-${source}'
  properties: { value: intakeSourceSecrets[source] }
}]

resource webhook 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(enforcementWebhookSecret)) {
  parent: vault
  name: 'enforcement-webhook-secret'
  properties: { value: enforcementWebhookSecret }
}

resource smtp 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: 'smtp-password'
  properties: { value: smtpPassword }
}

resource postgres 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(postgresConnectionString)) {
  parent: vault
  name: 'postgres-connection-string'
  properties: { value: postgresConnectionString }
}

resource authSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(authClientSecret)) {
  parent: vault
  name: 'auth-client-secret'
  properties: { value: authClientSecret }
}

output name string = vault.name
output id string = vault.id
output vaultUri string = vault.properties.vaultUri
