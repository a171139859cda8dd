package app.openup.feedback.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian, driven by Selenium through Debian's ChromeDriver: both are named
 * explicitly, so Selenium downloads nothing. A machine without them gets them from the project's
 * own installer ({@code .ci/install-browser}, Debian's packages) before the first test.
 */
public final class Browser implements AutoCloseable {

  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  public final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A fresh browser (its own empty profile, so no cookie of another test) of the given size. */
  public static Browser open(int width, int height) throws IOException, InterruptedException {
    installIfMissing();
    Path profile = Files.createTempDirectory("openup-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, profile);
  }

  /** Resizes the page's viewport (what a phone or a desktop shows), not the window. */
  public void viewport(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        java.util.Map.of(
            "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
  }

  private static synchronized void installIfMissing() throws IOException, InterruptedException {
    if (CHROMIUM.canExecute() && CHROMEDRIVER.canExecute()) {
      return;
    }
    Path installer = Path.of("..", ".ci", "install-browser").toAbsolutePath().normalize();
    Process process = new ProcessBuilder("bash", installer.toString()).inheritIO().start();
    if (process.waitFor() != 0 || !CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      throw new IllegalStateException(
          "Chromium and ChromeDriver are needed for the page's tests; " + installer + " failed");
    }
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
