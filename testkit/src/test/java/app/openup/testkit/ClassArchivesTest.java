package app.openup.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchivesTest {

  /** The program the real JVM runs from a jar of its own in the last test. */
  public static final class Hello {
    public static void main(String[] args) {
      System.out.println("hello " + List.of(args));
    }
  }

  @TempDir Path dir;

  @Test
  void theFirstProcessTrainsOthersWaitAndACleanStopLeavesTheArchive() throws IOException {
    Path jar = Files.writeString(dir.resolve("app.jar"), "a jar");
    ClassArchives archives = new ClassArchives();

    ClassArchives.Use first = archives.use(jar);
    assertTrue(first.trains());
    assertTrue(first.jvmOptions().get(0).startsWith("-XX:ArchiveClassesAtExit="));
    assertEquals(List.of(), archives.use(jar).jvmOptions(), "one trainee at a time");

    Files.writeString(first.trainee(), "what the JVM wrote at exit");
    archives.ended(first, true);
    Path archive = dir.resolve(ClassArchives.FILE);
    assertTrue(Files.exists(archive));
    assertFalse(Files.exists(first.trainee()));
    assertEquals(List.of("-XX:SharedArchiveFile=" + archive), archives.use(jar).jvmOptions());
  }

  @Test
  void aKilledTraineeLeavesNothingAndANewerJarTrainsAgain() throws IOException {
    Path jar = Files.writeString(dir.resolve("app.jar"), "a jar");
    ClassArchives archives = new ClassArchives();
    ClassArchives.Use killed = archives.use(jar);
    Files.writeString(killed.trainee(), "half an archive");
    archives.ended(killed, false);
    assertFalse(Files.exists(killed.trainee()));
    assertFalse(Files.exists(killed.archive()));

    ClassArchives.Use trained = archives.use(jar);
    assertTrue(trained.trains(), "the next start trains again");
    Files.writeString(trained.trainee(), "an archive");
    archives.ended(trained, true);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    assertTrue(archives.use(jar).trains(), "a build newer than the archive trains a new one");
  }

  @Test
  void theJvmWritesTheArchiveAtACleanExitAndRunsFromIt() throws Exception {
    Path jar = helloJar();
    ClassArchives archives = new ClassArchives();
    ClassArchives.Use training = archives.use(jar);
    assertEquals("hello [trained]", run(jar, training.jvmOptions(), "trained"));
    archives.ended(training, true);
    assertTrue(Files.size(training.archive()) > 0);

    // -Xshare:on: the JVM refuses to start unless it maps the archive.
    List<String> sharing = new ArrayList<>(archives.use(jar).jvmOptions());
    sharing.add("-Xshare:on");
    assertEquals("hello [shared]", run(jar, sharing, "shared"));
  }

  private Path helloJar() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Hello.class.getName());
    Path jar = dir.resolve("hello.jar");
    String entry = Hello.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry(entry));
      try (var in = Hello.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(out);
      }
      out.closeEntry();
    }
    return jar;
  }

  private static String run(Path jar, List<String> options, String argument) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-jar", jar.toString(), argument));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    return output.strip();
  }
}
