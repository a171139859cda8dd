package app.openup.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;

/**
 * The layering every Open Up service keeps, as ArchUnit rules a service runs on its own packages
 * ({@code check("app.openup.needs")}): the domain is plain Java; resources go through services; no
 * service references another service's code. Each rule fails on a package with no classes, so a
 * rule pointed at a package that does not exist cannot pass by accident.
 */
public final class ServiceArchitecture {

  /** Every service's base package; a service references none but its own. */
  public static final List<String> SERVICES =
      List.of("app.openup.needs", "app.openup.sessions", "app.openup.feedback");

  private ServiceArchitecture() {}

  /** Checks every rule on the service's main classes. */
  public static void check(String servicePackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(servicePackage);
    rules(servicePackage).forEach(rule -> rule.check(classes));
  }

  public static List<ArchRule> rules(String servicePackage) {
    return List.of(
        domainIsPlainJava(servicePackage),
        restGoesThroughServices(servicePackage),
        noOtherService(servicePackage));
  }

  /** The method's rules are plain Java: no framework, no other layer, no I/O. */
  public static ArchRule domainIsPlainJava(String service) {
    return noClasses()
        .that()
        .resideInAPackage(service + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "io.smallrye..",
            "io.vertx..",
            "jakarta..",
            "com.fasterxml..",
            "org.hibernate..",
            "org.apache.kafka..",
            "java.sql..",
            service + ".service..",
            service + ".rest..",
            service + ".messaging..",
            service + ".repository..",
            service + ".config..",
            "app.openup.support..",
            "app.openup.eventing.quarkus..",
            "app.openup.eventing.store..",
            "app.openup.eventing.relay..",
            "app.openup.eventing.projection..")
        .allowEmptyShould(false)
        .because("the domain decides on events and commands alone");
  }

  /** Resources stay thin: they call services, never the store, the database or the vault. */
  public static ArchRule restGoesThroughServices(String service) {
    return noClasses()
        .that()
        .resideInAPackage(service + ".rest..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            service + ".repository..", "io.vertx.mutiny.sqlclient..", "app.openup.eventing.vault..")
        .allowEmptyShould(false)
        .because("a resource maps, calls a service and chooses the status");
  }

  /** Services never reference each other's code: they talk through topics. */
  public static ArchRule noOtherService(String service) {
    String[] others =
        SERVICES.stream().filter(s -> !s.equals(service)).map(s -> s + "..").toArray(String[]::new);
    return noClasses()
        .that()
        .resideInAPackage(service + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(Arrays.copyOf(others, others.length))
        .allowEmptyShould(false)
        .because("a service learns about others only from their topics");
  }
}
