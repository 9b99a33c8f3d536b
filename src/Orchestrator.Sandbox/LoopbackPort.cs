using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Sandbox;

/// <summary>
/// A free TCP port on 127.0.0.1 for a server started next to the sandbox: a storage emulator, a controller's metrics
/// endpoint, a standalone sandbox. The OS picks it by binding port 0, and it is released at once, so nothing listens
/// there until the caller's server binds it (another process could take it first; on one machine's loopback, with
/// the port used within moments, that has not happened here).
/// </summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
