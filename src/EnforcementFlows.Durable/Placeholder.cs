namespace EnforcementFlows.Durable;
