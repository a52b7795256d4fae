namespace EnforcementFlows.Scoring;
