using EnforcementFlows.App.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEnforcementServices();

var app = builder.Build();
app.UseEnforcementPipeline();
app.PrintStartupBanner();
app.Run();

public partial class Program;
