package app.openup.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which versions of Strimzi's API serve a property of its model. Strimzi marks the properties that
 * only some versions have with {@code @PresentInVersions("v1alpha1-v1beta2")} and generates each
 * version's CRD schema from that; the annotation's class is not published, so its values are read
 * from the model's class files.
 */
final class ServedVersions {

  private static final String ANNOTATION =
      "Lio/strimzi/crdgenerator/annotations/PresentInVersions;";
  private static final Pattern VERSION = Pattern.compile("v(\\d+)(alpha|beta)?(\\d+)?");
  private static final Map<Class<?>, Map<String, String>> RANGES = new ConcurrentHashMap<>();

  private ServedVersions() {}

  /** Whether the API version serves the property that the getter reads. */
  static boolean serves(Method getter, String version) {
    for (Class<?> type = getter.getDeclaringClass(); type != null; type = type.getSuperclass()) {
      Map<String, String> ranges = RANGES.computeIfAbsent(type, ServedVersions::read);
      String property = getter.getName().replaceFirst("^(get|is)", "");
      String range = ranges.get("method:" + getter.getName());
      if (range == null && !property.isEmpty()) {
        range =
            ranges.get(
                "field:" + Character.toLowerCase(property.charAt(0)) + property.substring(1));
      }
      if (range != null) {
        return inRange(version, range);
      }
    }
    return true;
  }

  static boolean inRange(String version, String range) {
    if (range.equals("all")) {
      return true;
    }
    if (range.endsWith("+")) {
      return compare(version, range.substring(0, range.length() - 1)) >= 0;
    }
    int dash = range.indexOf('-');
    if (dash > 0) {
      return compare(version, range.substring(0, dash)) >= 0
          && compare(version, range.substring(dash + 1)) <= 0;
    }
    return compare(version, range) == 0;
  }

  /** Orders Kubernetes API versions: v1alpha1 < v1beta1 < v1beta2 < v1 < v2alpha1. */
  static int compare(String a, String b) {
    int[] x = parse(a);
    int[] y = parse(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  private static int[] parse(String version) {
    Matcher m = VERSION.matcher(version.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("Not an API version: " + version);
    }
    int stage = m.group(2) == null ? 2 : m.group(2).equals("beta") ? 1 : 0;
    return new int[] {
      Integer.parseInt(m.group(1)), stage, m.group(3) == null ? 0 : Integer.parseInt(m.group(3))
    };
  }

  private static Map<String, String> read(Class<?> type) {
    Map<String, String> ranges = new HashMap<>();
    String resource = type.getName().replace('.', '/') + ".class";
    ClassLoader loader = type.getClassLoader();
    if (loader == null || !type.getName().startsWith("io.strimzi.")) {
      return ranges;
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        return ranges;
      }
      new ClassReader(in)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(
                    int access, String name, String descriptor, String signature, String[] ex) {
                  return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                      return collect(annotation, "method:" + name, ranges);
                    }
                  };
                }

                @Override
                public FieldVisitor visitField(
                    int access, String name, String descriptor, String signature, Object value) {
                  return new FieldVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                      return collect(annotation, "field:" + name, ranges);
                    }
                  };
                }
              },
              ClassReader.SKIP_CODE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ranges;
  }

  private static AnnotationVisitor collect(
      String annotation, String member, Map<String, String> ranges) {
    if (!ANNOTATION.equals(annotation)) {
      return null;
    }
    return new AnnotationVisitor(Opcodes.ASM9) {
      @Override
      public void visit(String name, Object value) {
        if ("value".equals(name)) {
          ranges.put(member, String.valueOf(value));
        }
      }
    };
  }
}
