package dev.mypi.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Architecture rules that keep mypi-core a plain library. */
class CoreBoundaryTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.mypi.core");

  @Test
  void coreDependsOnNoHttpServerCloudOrInjectionTypes() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta.servlet..",
            "javax.servlet..",
            "org.eclipse.jetty..",
            "software.amazon..",
            "com.amazonaws..",
            "dagger..",
            "javax.inject..",
            "jakarta.inject..",
            "com.google.inject..",
            "picocli..",
            "io.micrometer..",
            "io.prometheus..")
        .because("mypi-core is the protocol as a library; hosts and backends plug in from outside")
        .check(CORE);
  }

  @Test
  void publicConcreteApiClassesAreFinal() {
    classes()
        .that()
        .resideOutsideOfPackage("..internal..")
        .and()
        .arePublic()
        .and()
        .areNotInterfaces()
        .and()
        .areNotEnums()
        .and()
        .areNotRecords()
        .and()
        .areNotAssignableTo(Throwable.class)
        .and()
        .doNotHaveModifier(JavaModifier.ABSTRACT)
        .should()
        .haveModifier(JavaModifier.FINAL)
        .allowEmptyShould(true)
        .because("value types and services are not designed for subclassing")
        .check(CORE);
  }
}
