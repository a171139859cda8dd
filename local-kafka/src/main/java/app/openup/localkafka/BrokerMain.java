package app.openup.localkafka;

import java.io.IOException;

/**
 * Entry point of the broker's child JVM: runs the main class named first ({@code kafka.Kafka},
 * which also lets {@code pgrep -f kafka.Kafka} find the broker) and exits when the parent's pipe to
 * its standard input closes, so a broker never outlives the JVM that started it.
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // Nothing is ever written to the broker; only the end of the stream matters.
                }
              } catch (IOException e) {
                // A broken pipe means the parent is gone, as does the end of the stream.
              }
              System.exit(0);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    String[] brokerArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
    Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) brokerArgs);
  }
}
