package app.openup.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a service's Dockerfile.jvm says: its user, working directory and exposed ports. */
record Dockerfile(Integer user, String workdir, Set<Integer> exposed) {
  static Dockerfile of(String service) {
    Path file = Repository.root().resolve(service).resolve("src/main/docker/Dockerfile.jvm");
    String text = Files.isRegularFile(file) ? Repository.readString(file) : "";
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
    Integer uid = null;
    while (user.find()) {
      uid = user.group(1).matches("\\d+") ? Integer.valueOf(user.group(1)) : Integer.valueOf(0);
    }
    Matcher workdir = Pattern.compile("(?m)^WORKDIR\\s+(\\S+)").matcher(text);
    String dir = "/";
    while (workdir.find()) {
      dir = workdir.group(1);
    }
    Set<Integer> exposed = new TreeSet<>();
    Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(.+)$").matcher(text);
    while (expose.find()) {
      for (String p : expose.group(1).trim().split("\\s+")) {
        exposed.add(Integer.valueOf(p.replaceAll("/.*", "")));
      }
    }
    return new Dockerfile(uid, dir, exposed);
  }
}
