package dev.mypi.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Jetty is an optional dependency of mypi-http: only {@code dev.mypi.http.jetty} may use it, so the
 * servlet runs in any container and loads no Jetty class unless it is given the Jetty sender.
 */
class JettyBoundaryTest {
  private static final JavaClasses HTTP =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.mypi.http");

  @Test
  void onlyTheJettyPackageUsesJetty() {
    noClasses()
        .that().resideOutsideOfPackage("dev.mypi.http.jetty..")
        .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
        .check(HTTP);
  }

  @Test
  void nothingOutsideTheJettyPackageUsesIt() {
    noClasses()
        .that().resideOutsideOfPackage("dev.mypi.http.jetty..")
        .should().dependOnClassesThat().resideInAPackage("dev.mypi.http.jetty..")
        .check(HTTP);
  }
}
