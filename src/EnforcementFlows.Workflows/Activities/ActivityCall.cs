namespace EnforcementFlows.Workflows.Activities;

/// <summary>
/// The input of every activity: the domain input and a call id made by the orchestrator with
/// <c>NewGuid()</c>. The SDK gives activities no task id, so the call id is what keys their effects: it is
/// the same on every redelivery and retry of one call and differs between calls (brief section 4).
/// </summary>
public sealed record ActivityCall<T>(string CallId, T Input);
