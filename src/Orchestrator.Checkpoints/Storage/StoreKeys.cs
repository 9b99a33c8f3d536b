namespace Orchestrator.Checkpoints.Storage;

/// <summary>Key rules every store enforces, so a key cannot escape its location on any backend.</summary>
internal static class StoreKeys
{
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.EndsWith('/'))
        {
            throw new ArgumentException($"storage key '{key}' must be a relative path naming a file");
        }

        foreach (var part in key.Split('/'))
        {
            if (part.Length == 0 || part is "." or ".." || part.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"storage key '{key}' has an empty, '.', '..' or backslash segment");
            }
        }
    }
}
