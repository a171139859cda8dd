package app.openup.eventing.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault for tests: a database that is not there yet. Forwards TCP connections from a local port
 * to PostgreSQL once it is started; until then, connections to that port are refused.
 */
final class Forwarder implements AutoCloseable {

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private Forwarder(int port, String targetHost, int targetPort) throws IOException {
    server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Socket target = new Socket(targetHost, targetPort);
                  sockets.add(client);
                  sockets.add(target);
                  pipe(client.getInputStream(), target.getOutputStream());
                  pipe(target.getInputStream(), client.getOutputStream());
                } catch (IOException e) {
                  // Closed, or the target refused: the client sees its connection end.
                }
              }
            },
            "forwarder-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts forwarding {@code port} on the loopback address to the target. */
  static Forwarder start(int port, String targetHost, int targetPort) throws IOException {
    return new Forwarder(port, targetHost, targetPort);
  }

  /** A port nothing listens on, for now. */
  static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static void pipe(InputStream from, OutputStream to) {
    Thread copier =
        new Thread(
            () -> {
              try (from;
                  to) {
                from.transferTo(to);
              } catch (IOException e) {
                // One side closed: the other follows.
              }
            },
            "forwarder-pipe");
    copier.setDaemon(true);
    copier.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
