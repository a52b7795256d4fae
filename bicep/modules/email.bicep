// Optional Azure Communication Services Email with an Azure-managed sender domain. The app sends
// through its SMTP relay (smtp.azurecomm.net:587, STARTTLS); SMTP authentication needs a Microsoft
// Entra application, which Bicep cannot create, so its user name and secret are deployment parameters.
param baseName string
@allowed(['Africa', 'Asia Pacific', 'Australia', 'Brazil', 'Canada', 'Europe', 'France', 'Germany', 'India', 'Japan', 'Korea', 'Norway', 'Switzerland', 'UAE', 'UK', 'United States'])
param dataLocation string = 'United States'

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: 'acs-email-${baseName}'
  location: 'global'
  properties: { dataLocation: dataLocation }
}

resource domain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: 'acs-${baseName}'
  location: 'global'
  properties: {
    dataLocation: dataLocation
    linkedDomains: [domain.id]
  }
}

output communicationServiceName string = communication.name
output senderAddress string = 'DoNotReply@${domain.properties.mailFromSenderDomain}'
output smtpHost string = 'smtp.azurecomm.net'
output smtpPort int = 587
