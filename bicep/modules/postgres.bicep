// Azure Database for PostgreSQL Flexible Server and the service's database. Network access is
// either public with firewall rules, or private (VNet-integrated, through a delegated subnet).
param location string
param name string
param administratorLogin string
@secure()
param administratorLoginPassword string
@allowed(['public', 'private'])
param networkMode string = 'public'
@description('public mode: [{ name, startIpAddress, endIpAddress }].')
param firewallRules array = []
@description('public mode: let Azure services (the Function App without VNet integration) connect.')
param allowAzureServices bool = true
@description('private mode: a subnet delegated to Microsoft.DBforPostgreSQL/flexibleServers.')
param delegatedSubnetId string = ''
@description('private mode: a private DNS zone ending in .postgres.database.azure.com, linked to the VNet.')
param privateDnsZoneId string = ''
param skuName string = 'Standard_B1ms'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string = 'Burstable'
param version string = '16'
param storageSizeGB int = 32
param databaseName string = 'enforcementflows'

var isPrivate = networkMode == 'private'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    storage: { storageSizeGB: storageSizeGB }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    network: isPrivate
      ? {
          delegatedSubnetResourceId: delegatedSubnetId
          privateDnsZoneArmResourceId: privateDnsZoneId
          publicNetworkAccess: 'Disabled'
        }
      : {
          publicNetworkAccess: 'Enabled'
        }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

resource rules 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = [for rule in (isPrivate ? [] : firewallRules): {
  parent: server
  name: rule.name
  properties: {
    startIpAddress: rule.startIpAddress
    endIpAddress: rule.endIpAddress
  }
}]

// The documented special rule 0.0.0.0-0.0.0.0 means "any Azure service", not "anyone".
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!isPrivate && allowAzureServices) {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
