package dev.mypi.core.internal.storage;

import dev.mypi.core.IndexListener;

/** The {@link IndexListener} that ignores everything: {@link IndexListener#none()}. */
public enum NoIndexListener implements IndexListener {
  /** The only instance. */
  INSTANCE
}
