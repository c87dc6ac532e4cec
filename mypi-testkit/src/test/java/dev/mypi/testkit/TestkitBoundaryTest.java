package dev.mypi.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The testkit's shape: a framework-free server, JUnit only in its own packages, final API classes. */
class TestkitBoundaryTest {
  private static final JavaClasses TESTKIT =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.mypi.testkit");

  @Test
  void theServerAndBuildersAreFrameworkFree() {
    noClasses()
        .that().resideInAnyPackage("dev.mypi.testkit", "dev.mypi.testkit.internal")
        .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..")
        .check(TESTKIT);
  }

  @Test
  void onlyTheJunit5PackagesUseTheExtensionInternals() {
    noClasses()
        .that().resideOutsideOfPackages("dev.mypi.testkit.junit5..")
        .should().dependOnClassesThat().resideInAPackage("dev.mypi.testkit.junit5.internal")
        .check(TESTKIT);
  }

  @Test
  void publicClassesAreFinal() {
    classes()
        .that().arePublic().and().areNotInterfaces().and().areNotEnums().and().areNotRecords().and().areNotAnnotations()
        .and().doNotHaveModifier(JavaModifier.ABSTRACT).and().areTopLevelClasses()
        .should().haveModifier(JavaModifier.FINAL)
        .check(TESTKIT);
  }
}
