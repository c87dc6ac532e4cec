package dev.mypi.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mypi.core.ForbiddenException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultAuthorizerTest {
  private static final Identity ALICE = Identity.of("alice");
  private static final Identity BOB = Identity.of("bob");
  private static final Identity ROOT = Identity.of("root");
  private static final Set<String> NONE = Set.of();

  private final DefaultAuthorizer rules =
      DefaultAuthorizer.builder()
          .admins(Set.of("root"))
          .privateProject("Secret_Sauce", Set.of("bob"))
          .maintainers("shared-lib", Set.of("carol"))
          .build();

  @Test
  void anyoneReadsPublicProjectsAndTheIndex() {
    assertThat(rules.permits(null, Action.READ, null, NONE)).isTrue();
    assertThat(rules.permits(null, Action.READ, "foo", NONE)).isTrue();
    assertThat(rules.permits(ALICE, Action.READ, "foo", Set.of("bob"))).isTrue();
  }

  @Test
  void aPrivateProjectIsReadByAdminsOwnersAndListedReadersOnly() {
    assertThat(rules.isPrivate("secret-sauce")).isTrue();
    assertThat(rules.permits(null, Action.READ, "secret-sauce", NONE)).isFalse();
    assertThat(rules.permits(ALICE, Action.READ, "secret-sauce", NONE)).isFalse();
    assertThat(rules.permits(BOB, Action.READ, "secret-sauce", NONE)).isTrue();
    assertThat(rules.permits(ROOT, Action.READ, "secret-sauce", NONE)).isTrue();
    assertThat(rules.permits(ALICE, Action.READ, "secret-sauce", Set.of("alice"))).isTrue();
  }

  @Test
  void mayHideProjectsOnlyWhenSomeProjectIsPrivate() {
    assertThat(rules.mayHideProjects()).isTrue();
    assertThat(DefaultAuthorizer.builder().admins(Set.of("root")).maintainers("shared-lib", Set.of("carol")).build().mayHideProjects())
        .isFalse();
  }

  @Test
  void theFirstUploaderMayCreateANewProject() {
    assertThatCode(() -> rules.checkUpload(ALICE, "new-project", false, NONE)).doesNotThrowAnyException();
    assertThat(rules.permits(ALICE, Action.UPLOAD, null, NONE)).isTrue();
  }

  @Test
  void aProjectOwnedByAnotherUserCannotBeTakenOver() {
    assertThatCode(() -> rules.checkUpload(ALICE, "foo", true, Set.of("alice"))).doesNotThrowAnyException();

    assertThatThrownBy(() -> rules.checkUpload(BOB, "foo", true, Set.of("alice")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("Project 'foo' belongs to other users; 'bob' may not upload to it.");
    assertThat(rules.permits(BOB, Action.UPLOAD, "foo", Set.of("alice"))).isFalse();
  }

  @Test
  void adminsMayUploadToAnyProject() {
    assertThatCode(() -> rules.checkUpload(ROOT, "foo", true, Set.of("alice"))).doesNotThrowAnyException();
    Identity containerAdmin = Identity.builder("eve").roles(Set.of(DefaultAuthorizer.ADMIN_ROLE)).build();
    assertThatCode(() -> rules.checkUpload(containerAdmin, "foo", true, Set.of("alice"))).doesNotThrowAnyException();
  }

  @Test
  void maintainersMayUploadAndOthersMayNotCreateTheirProject() {
    Identity carol = Identity.of("carol");
    assertThatCode(() -> rules.checkUpload(carol, "shared-lib", true, Set.of("alice"))).doesNotThrowAnyException();
    assertThatCode(() -> rules.checkUpload(carol, "shared-lib", false, NONE)).doesNotThrowAnyException();

    assertThatThrownBy(() -> rules.checkUpload(ALICE, "shared-lib", false, NONE))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("reserved for its maintainers");
  }

  @Test
  void anExistingProjectWithoutOwnerTakesUploadsFromAdminsAndMaintainersOnlyUnlessClaimingIsOn() {
    assertThatThrownBy(() -> rules.checkUpload(ALICE, "imported", true, NONE))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("has no owner yet");
    assertThatCode(() -> rules.checkUpload(ROOT, "imported", true, NONE)).doesNotThrowAnyException();

    DefaultAuthorizer claiming = DefaultAuthorizer.builder().claimUnownedProjects(true).build();
    assertThatCode(() -> claiming.checkUpload(ALICE, "imported", true, NONE)).doesNotThrowAnyException();
  }

  @Test
  void yankDeleteAndAdminAreForAdminsOnly() {
    for (Action action : new Action[] {Action.YANK, Action.DELETE, Action.ADMIN}) {
      assertThat(rules.permits(null, action, "foo", NONE)).as("anonymous %s", action).isFalse();
      assertThat(rules.permits(ALICE, action, "foo", Set.of("alice"))).as("owner %s", action).isFalse();
      assertThat(rules.permits(ROOT, action, "foo", Set.of("alice"))).as("admin %s", action).isTrue();
    }
  }

  @Test
  void anonymousUploadsAreLeftToTheAccessMode() {
    assertThat(rules.permits(null, Action.UPLOAD, null, NONE)).isTrue();
    assertThat(AccessMode.OPEN.allowsAnonymous(Action.UPLOAD)).isTrue();
    assertThat(AccessMode.UPLOAD_NEEDS_LOGIN.allowsAnonymous(Action.UPLOAD)).isFalse();
    assertThat(AccessMode.UPLOAD_NEEDS_LOGIN.allowsAnonymous(Action.READ)).isTrue();
    assertThat(AccessMode.EVERYTHING_NEEDS_LOGIN.allowsAnonymous(Action.READ)).isFalse();
    assertThat(AccessMode.OPEN.allowsAnonymous(Action.YANK)).isFalse();
  }

  @Test
  void accessModesAndActionsParseAsTheCommandLineSpellsThem() {
    assertThat(AccessMode.parse("upload-needs-login")).isEqualTo(AccessMode.UPLOAD_NEEDS_LOGIN);
    assertThat(AccessMode.parse("EVERYTHING_NEEDS_LOGIN")).isEqualTo(AccessMode.EVERYTHING_NEEDS_LOGIN);
    assertThat(AccessMode.OPEN.label()).isEqualTo("open");
    assertThat(Action.parse("Upload")).isEqualTo(Action.UPLOAD);
    assertThatThrownBy(() -> AccessMode.parse("closed")).hasMessageContaining("'closed'");
  }

  @Test
  void aScopeLimitsProjectsAndActions() {
    Scope scope = Scope.of(Set.of("foo"), Set.of(Action.UPLOAD));

    assertThat(scope.permits(Action.UPLOAD, "foo")).isTrue();
    assertThat(scope.permits(Action.UPLOAD, null)).isTrue();
    assertThat(scope.permits(Action.UPLOAD, "bar")).isFalse();
    assertThat(scope.permits(Action.READ, "foo")).isFalse();
    assertThat(Scope.unrestricted().permits(Action.DELETE, "anything")).isTrue();
  }
}
