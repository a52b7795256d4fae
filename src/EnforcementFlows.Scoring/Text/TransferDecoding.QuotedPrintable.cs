namespace EnforcementFlows.Scoring.Text;

internal static partial class TransferDecoding
{
    public static void QuotedPrintable(ReadOnlySpan<char> encoded, ByteBuffer output)
    {
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (c != '=')
            {
                i += AppendLiteralRun(encoded[i..], output) - 1;
                continue;
            }
            if (i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var hi and >= 0 && HexValue(encoded[i + 2]) is var lo and >= 0)
            {
                output.Append((byte)((hi << 4) | lo));
                i += 2;
            }
            else if (i + 1 < encoded.Length && (encoded[i + 1] == '\n' || encoded[i + 1] == '\r'))
            {
                // Soft line break: the encoder split a long line here.
                i++;
                if (encoded[i] == '\r' && i + 1 < encoded.Length && encoded[i + 1] == '\n') i++;
            }
            else
            {
                output.Append((byte)'=');
            }
        }
    }

    /// <summary>Decodes one RFC 2047 "Q" encoded word, where underscore stands for a space.</summary>
    public static void QEncoding(ReadOnlySpan<char> encoded, ByteBuffer output)
    {
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (c == '_') output.Append((byte)' ');
            else if (c == '=' && i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var hi and >= 0 && HexValue(encoded[i + 2]) is var lo and >= 0)
            {
                output.Append((byte)((hi << 4) | lo));
                i += 2;
            }
            else AppendChar(c, output);
        }
    }

    /// <summary>Copies chars up to the next '=' in one go (the common case); returns how many were consumed.</summary>
    private static int AppendLiteralRun(ReadOnlySpan<char> text, ByteBuffer output)
    {
        int end = text.IndexOf('=');
        if (end < 0) end = text.Length;
        var run = text[..end];
        var target = output.GetSpan(run.Length);
        for (int k = 0; k < run.Length; k++)
        {
            char c = run[k];
            if (c >= 256)
            {
                output.Advance(k);
                for (int rest = k; rest < run.Length; rest++) AppendChar(run[rest], output);
                return end;
            }
            target[k] = (byte)c;
        }
        output.Advance(run.Length);
        return Math.Max(end, 1);
    }

    // Chars above Latin-1 can only come from a caller that already decoded the text, so
    // they are re-encoded as UTF-8 and decoded back by the charset step.
    private static void AppendChar(char c, ByteBuffer output)
    {
        if (c < 256)
        {
            output.Append((byte)c);
            return;
        }
        Span<byte> utf8 = stackalloc byte[4];
        int n = System.Text.Encoding.UTF8.GetBytes([c], utf8);
        for (int k = 0; k < n; k++) output.Append(utf8[k]);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
