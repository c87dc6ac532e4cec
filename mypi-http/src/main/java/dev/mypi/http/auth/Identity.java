package dev.mypi.http.auth;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A user an {@link Authenticator} recognised: a name, the roles the authenticator knows of (for
 * example from the servlet container), and the {@link Scope} of the credential used.
 *
 * <pre>{@code
 * Identity alice = Identity.of("alice");                                   // a password login
 * Identity ci = Identity.builder("alice").scope(Scope.of(Set.of("foo"), Set.of(Action.UPLOAD)))
 *     .credential("token 3f2a9c1b7d20").build();                           // an API token
 * }</pre>
 */
public final class Identity implements Principal {
  private final String name;
  private final ImmutableSet<String> roles;
  private final Scope scope;
  private final String credential;

  private Identity(Builder b) {
    this.name = b.name;
    this.roles = ImmutableSet.copyOf(b.roles);
    this.scope = b.scope;
    this.credential = b.credential;
  }

  /** Returns an identity with no roles, logged in with an unrestricted credential (a password). */
  public static Identity of(String name) {
    return builder(name).build();
  }

  /** Returns a builder for the identity of user {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the user name: what owners, admins and tokens refer to. */
  public String name() {
    return name;
  }

  @Override
  public String getName() {
    return name;
  }

  /** Returns the roles the authenticator knows of, e.g. {@code mypi-admin} from the container. */
  public ImmutableSet<String> roles() {
    return roles;
  }

  /** Returns whether the identity has {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Returns what the credential may be used for. */
  public Scope scope() {
    return scope;
  }

  /** Returns how the user logged in, for log lines: {@code password}, {@code token <id>}, … (never a secret). */
  public String credential() {
    return credential;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Identity i
        && i.name.equals(name) && i.roles.equals(roles) && i.scope.equals(scope) && i.credential.equals(credential);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, roles, scope, credential);
  }

  @Override
  public String toString() {
    return "'" + name + "' (" + credential + ")";
  }

  /** Configures an {@link Identity}. */
  public static final class Builder {
    private final String name;
    private Set<String> roles = ImmutableSet.of();
    private Scope scope = Scope.unrestricted();
    private String credential = "password";

    private Builder(String name) {
      checkArgument(!name.isEmpty(), "an identity needs a name");
      this.name = name;
    }

    /** Sets the roles; default none. */
    public Builder roles(Set<String> roles) {
      this.roles = ImmutableSet.copyOf(roles);
      return this;
    }

    /** Sets the scope of the credential; default {@link Scope#unrestricted()}. */
    public Builder scope(Scope scope) {
      this.scope = scope;
      return this;
    }

    /** Sets how the user logged in, for log lines; default {@code password}. Never put a secret here. */
    public Builder credential(String credential) {
      this.credential = credential;
      return this;
    }

    /** Returns the identity. */
    public Identity build() {
      return new Identity(this);
    }
  }
}
