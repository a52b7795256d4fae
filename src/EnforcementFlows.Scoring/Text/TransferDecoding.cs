namespace EnforcementFlows.Scoring.Text;

/// <summary>
/// Lenient Content-Transfer-Encoding decoders. Spam is often malformed on purpose, so
/// invalid characters are skipped instead of failing the whole message.
/// </summary>
internal static partial class TransferDecoding
{
    public static void Base64(ReadOnlySpan<char> encoded, ByteBuffer output)
    {
        int quantum = 0, filled = 0;
        foreach (char c in encoded)
        {
            int value = Base64Value(c);
            if (value < 0)
            {
                if (c == '=') break; // padding ends the data; anything after is trailer noise
                continue;
            }
            quantum = (quantum << 6) | value;
            if (++filled == 4)
            {
                output.Append((byte)(quantum >> 16));
                output.Append((byte)(quantum >> 8));
                output.Append((byte)quantum);
                quantum = filled = 0;
            }
        }
        if (filled == 3)
        {
            output.Append((byte)(quantum >> 10));
            output.Append((byte)(quantum >> 2));
        }
        else if (filled == 2)
        {
            output.Append((byte)(quantum >> 4));
        }
    }

    private static int Base64Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' or '-' => 62,
        '/' or '_' => 63,
        _ => -1,
    };
}
