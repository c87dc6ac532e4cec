/** Storage decorators used inside the index (not API): {@link dev.mypi.core.internal.storage.TimedBlobStore} reports storage latency to an {@link dev.mypi.core.IndexListener}. */
@NullMarked
package dev.mypi.core.internal.storage;

import org.jspecify.annotations.NullMarked;
