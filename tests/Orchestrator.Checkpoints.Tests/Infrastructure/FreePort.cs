using System.Net;
using System.Net.Sockets;
using Orchestrator.Sandbox;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

internal static class FreePort
{
    public static int Next() => LoopbackPort.Free();

    public static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
