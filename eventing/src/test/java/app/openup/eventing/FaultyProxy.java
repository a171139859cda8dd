package app.openup.eventing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults for tests, as a TCP proxy in front of PostgreSQL:
 *
 * <ul>
 *   <li>{@link #loseNextCommitReply()}: the next {@code COMMIT} reaches the server and its answer
 *       is dropped, closing the client's connection: the transaction is committed and the client
 *       never hears it (a lost reply);
 *   <li>{@link #freezeOpenConnections()}: the connections open now stop carrying anything, in
 *       either direction, without closing (a half-open connection); new connections work.
 * </ul>
 */
public final class FaultyProxy implements AutoCloseable {

  private static final byte[] COMMIT_QUERY = "COMMIT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COMMIT_DONE = "COMMIT\0".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<AtomicBoolean> frozen = new CopyOnWriteArrayList<>();
  private final AtomicBoolean loseCommitReply = new AtomicBoolean();
  private final AtomicInteger repliesDropped = new AtomicInteger();

  public FaultyProxy(String targetHost, int targetPort) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Socket target = new Socket(targetHost, targetPort);
                  sockets.add(client);
                  sockets.add(target);
                  AtomicBoolean commitSent = new AtomicBoolean();
                  AtomicBoolean freeze = new AtomicBoolean();
                  frozen.add(freeze);
                  pump(client, target, commitSent, freeze, true);
                  pump(target, client, commitSent, freeze, false);
                } catch (IOException e) {
                  // Closed.
                }
              }
            },
            "faulty-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next COMMIT's answer is dropped, once. */
  public void loseNextCommitReply() {
    loseCommitReply.set(true);
  }

  /** How many COMMIT answers were dropped so far. */
  public int repliesDropped() {
    return repliesDropped.get();
  }

  /** Every connection open now goes silent, both ways, and stays open. */
  public void freezeOpenConnections() {
    frozen.forEach(f -> f.set(true));
  }

  private void pump(
      Socket from, Socket to, AtomicBoolean commitSent, AtomicBoolean freeze, boolean toServer) {
    Thread copier =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (freeze.get()) {
                    continue;
                  }
                  if (toServer) {
                    if (loseCommitReply.get() && contains(buffer, read, COMMIT_QUERY)) {
                      loseCommitReply.set(false);
                      commitSent.set(true);
                    }
                  } else if (commitSent.get() && contains(buffer, read, COMMIT_DONE)) {
                    // Committed on the server; the client never hears it.
                    repliesDropped.incrementAndGet();
                    to.close();
                    from.close();
                    return;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed: the other follows.
              } finally {
                if (!freeze.get()) {
                  try {
                    to.close();
                  } catch (IOException ignored) {
                    // Already closed.
                  }
                }
              }
            },
            "faulty-proxy-pipe");
    copier.setDaemon(true);
    copier.start();
  }

  private static boolean contains(byte[] buffer, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buffer[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
