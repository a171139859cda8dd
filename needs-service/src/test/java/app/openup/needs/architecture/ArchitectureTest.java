package app.openup.needs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layers of needs-service, as rules that fail the build when broken. */
@AnalyzeClasses(packages = "app.openup.needs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The method's rules are plain Java: no framework, no other layer, no I/O. */
  @ArchTest
  static final ArchRule domainIsPlainJava =
      noClasses()
          .that()
          .resideInAPackage("app.openup.needs.domain..")
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
              "app.openup.needs.service..",
              "app.openup.needs.rest..",
              "app.openup.needs.messaging..",
              "app.openup.needs.repository..",
              "app.openup.needs.config..",
              "app.openup.eventing.store..",
              "app.openup.eventing.relay..",
              "app.openup.eventing.projection..");

  /** Services never reference each other's code: they talk through topics. */
  @ArchTest
  static final ArchRule noOtherService =
      noClasses()
          .that()
          .resideInAPackage("app.openup.needs..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("app.openup.sessions..", "app.openup.feedback..");

  /** Resources stay thin: they call services, never the store or the database. */
  @ArchTest
  static final ArchRule restGoesThroughServices =
      noClasses()
          .that()
          .resideInAPackage("app.openup.needs.rest..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "app.openup.needs.repository..",
              "io.vertx.mutiny.sqlclient..",
              "app.openup.eventing.vault..");
}
