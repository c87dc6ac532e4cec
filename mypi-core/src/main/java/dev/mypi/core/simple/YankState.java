package dev.mypi.core.simple;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a file is yanked (PEP 592), and why.
 *
 * <p>Three states: {@linkplain #notYanked() not yanked}, {@linkplain #yanked() yanked without a
 * reason}, and {@linkplain #yanked(String) yanked with a reason}. An empty reason means "no reason"
 * (the JSON API requires a non-empty reason string, so it renders as {@code true}).
 */
public final class YankState {
  private static final YankState NOT_YANKED = new YankState(false, null);
  private static final YankState YANKED = new YankState(true, null);

  private final boolean yanked;
  private final @Nullable String reason;

  private YankState(boolean yanked, @Nullable String reason) {
    this.yanked = yanked;
    this.reason = reason;
  }

  /** Returns the state of a file that is offered normally. */
  public static YankState notYanked() {
    return NOT_YANKED;
  }

  /** Returns the state of a file yanked without a reason. */
  public static YankState yanked() {
    return YANKED;
  }

  /** Returns the state of a file yanked for {@code reason}; an empty reason means no reason. */
  public static YankState yanked(String reason) {
    return reason.isEmpty() ? YANKED : new YankState(true, reason);
  }

  /** Returns whether the file is yanked. */
  public boolean isYanked() {
    return yanked;
  }

  /** Returns the reason the file was yanked, or empty if it is not yanked or no reason was given. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof YankState)) {
      return false;
    }
    YankState that = (YankState) o;
    return yanked == that.yanked && Objects.equals(reason, that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(yanked, reason);
  }

  /** Returns {@code not yanked}, {@code yanked} or {@code yanked: <reason>}. */
  @Override
  public String toString() {
    return !yanked ? "not yanked" : reason == null ? "yanked" : "yanked: " + reason;
  }
}
