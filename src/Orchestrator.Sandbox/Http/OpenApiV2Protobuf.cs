using System.Text;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// The /openapi/v2 document in the protobuf form kubectl asks for (<c>Accept:
/// application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>): gnostic's <c>openapi.v2.Document</c>, the message
/// kube-openapi marshals. Only the fields the sandbox fills are written: swagger (1), info (2: title 1, version 2),
/// paths (8) and definitions (9), both empty. kubectl then finds no schema for any kind, validates nothing on the client,
/// and reports an unknown kind through its REST mapping, as against a real cluster.
/// </summary>
internal static class OpenApiV2Protobuf
{
    public const string ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static byte[] Document(string title, string version)
    {
        var info = new MemoryStream();
        WriteString(info, 1, title);
        WriteString(info, 2, version);

        var document = new MemoryStream();
        WriteString(document, 1, "2.0");
        WriteMessage(document, 2, info.ToArray());
        WriteMessage(document, 8, []);
        WriteMessage(document, 9, []);
        return document.ToArray();
    }

    private static void WriteString(MemoryStream to, int field, string value) => WriteMessage(to, field, Encoding.UTF8.GetBytes(value));

    // Wire type 2 (length-delimited) serves strings and embedded messages alike.
    private static void WriteMessage(MemoryStream to, int field, byte[] payload)
    {
        WriteVarint(to, ((ulong)field << 3) | 2);
        WriteVarint(to, (ulong)payload.Length);
        to.Write(payload);
    }

    private static void WriteVarint(MemoryStream to, ulong value)
    {
        while (value >= 0x80)
        {
            to.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        to.WriteByte((byte)value);
    }
}
