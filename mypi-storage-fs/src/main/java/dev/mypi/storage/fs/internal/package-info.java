/**
 * Implementation of {@code mypi-storage-fs}: atomic temp-file writes, the opened-file {@code Blob}
 * and the lazy sorted directory walk. Not API: it may change in any release.
 */
@NullMarked
package dev.mypi.storage.fs.internal;

import org.jspecify.annotations.NullMarked;
