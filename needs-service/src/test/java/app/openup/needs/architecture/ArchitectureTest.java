package app.openup.needs.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;

import app.openup.testkit.ServiceArchitecture;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The layers of needs-service, checked with the rules every service shares. */
class ArchitectureTest {

  @Test
  void needsServiceKeepsTheSharedLayering() {
    ServiceArchitecture.check("app.openup.needs");
  }

  @Test
  void theRulesCatchADomainClassThatReachesForAFramework() {
    var broken =
        new ClassFileImporter()
            .importClasses(app.openup.needs.architecture.fixture.domain.LeakyRule.class);
    assertThrows(
        AssertionError.class,
        () ->
            ServiceArchitecture.domainIsPlainJava("app.openup.needs.architecture.fixture")
                .check(broken));
  }

  @Test
  void theRulesRefuseAPackageThatDoesNotExist() {
    assertThrows(AssertionError.class, () -> ServiceArchitecture.check("app.openup.nothing"));
  }
}
