// App Service authentication (Easy Auth) with Microsoft Entra ID in front of the Function App: the approval pages
// (and any browser route) need a signed-in user, whose identity the platform passes as X-MS-CLIENT-PRINCIPAL
// (EnforcementFlows:Approvals:RequireSignIn). Excluded, because they authenticate themselves: /api/* (API keys,
// signed intake webhooks) and the Durable Functions management API (the durabletask_extension system key).
param appName string
@description('The Entra ID app registration (client id) for sign-in; Bicep cannot create it.')
param clientId string
@description('App setting holding the registration\'s client secret (a Key Vault reference, set in main.bicep).')
param clientSecretSettingName string

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [ '/api/*', '/runtime/webhooks/durabletask/*' ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
          clientId: clientId
          clientSecretSettingName: clientSecretSettingName
        }
        validation: {
          allowedAudiences: [ 'api://${clientId}' ]
        }
      }
    }
    login: {
      tokenStore: { enabled: true }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
