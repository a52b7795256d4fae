using System.Collections;
using System.Globalization;
using System.Reflection;

namespace EnforcementFlows.App.Dashboard.Operations;

/// <summary>The walk over an options object: leaves become entries, objects, lists and dictionaries are entered.</summary>
public static partial class ConfigurationSummary
{
    private static void Walk(List<ConfigurationEntry> entries, string section, string key, object? value, bool secret, int depth)
    {
        if (secret && IsLeaf(value))
        {
            entries.Add(new(section, key, SecretMasking.SetOrNot(value)));
            return;
        }
        switch (value)
        {
            case null:
                entries.Add(new(section, key, "(not set)"));
                return;
            case string text:
                entries.Add(new(section, key, SecretMasking.IsConnectionStringKey(key) ? SecretMasking.ConnectionString(text) : SecretMasking.Url(text)));
                return;
            case IFormattable formattable when IsLeaf(value):
                entries.Add(new(section, key, formattable.ToString(null, CultureInfo.InvariantCulture)));
                return;
            case bool flag:
                entries.Add(new(section, key, flag ? "true" : "false"));
                return;
            case Uri uri:
                entries.Add(new(section, key, SecretMasking.Url(uri.ToString())));
                return;
        }
        if (depth >= MaxDepth)
        {
            return;
        }
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry item in dictionary)
            {
                Walk(entries, section, Join(key, Convert.ToString(item.Key, CultureInfo.InvariantCulture)!), item.Value, secret, depth + 1);
            }
            return;
        }
        if (value is IEnumerable list)
        {
            var index = 0;
            foreach (var item in list)
            {
                Walk(entries, section, Join(key, (index++).ToString(CultureInfo.InvariantCulture)), item, secret, depth + 1);
            }
            if (index == 0)
            {
                entries.Add(new(section, key, "(none)"));
            }
            return;
        }
        if (value.GetType().Namespace?.StartsWith("EnforcementFlows", StringComparison.Ordinal) != true)
        {
            entries.Add(new(section, key, "(not shown)"));
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            Walk(entries, section, Join(key, property.Name), property.GetValue(value), SecretMasking.IsSecretName(property.Name), depth + 1);
        }
    }

    // A secret-named list or dictionary masks its items; inside an object, each property's own name decides.

    /// <summary>A value shown (or masked) as a whole: text, numbers, times, flags, and lists of text (e.g. several secrets).</summary>
    private static bool IsLeaf(object? value)
        => value is null or string or bool or Enum or IFormattable || value is IEnumerable<string>;

    private static string Join(string key, string part) => key.Length == 0 ? part : key + ":" + part;
}
