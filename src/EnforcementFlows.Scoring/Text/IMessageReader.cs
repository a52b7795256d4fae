namespace EnforcementFlows.Scoring.Text;

/// <summary>Turns one message or report into header, body and marker calls on a sink. One per thread.</summary>
internal interface IMessageReader
{
    /// <summary>Never throws for any input text: hostile mail is read as far as the guards allow.</summary>
    void Read(string text, ITextSink sink);
}
