using System.Text;
using EnforcementFlows.Scoring.Text;

namespace EnforcementFlows.Scoring.Tests;

/// <summary>Captures what the message reader emits, as strings, for assertions.</summary>
internal sealed class RecordingSink : ITextSink
{
    public List<(string Name, string Value)> Headers { get; } = [];
    public List<string> Bodies { get; } = [];
    public List<string> Markers { get; } = [];

    public string AllBody => string.Join("\n", Bodies);

    public void Header(ReadOnlySpan<char> name, ReadOnlySpan<char> value) => Headers.Add((name.ToString(), value.ToString()));

    public void Body(ReadOnlySpan<char> text) => Bodies.Add(text.ToString());

    public void Marker(string kind, ReadOnlySpan<char> value) => Markers.Add($"{kind}:{value}");

    public static RecordingSink Read(string message) => Read(message, new MimeMessageReader());

    public static RecordingSink Read(string message, MimeMessageReader reader)
    {
        var sink = new RecordingSink();
        reader.Read(message, sink);
        return sink;
    }
}

internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name), Encoding.UTF8);
}
