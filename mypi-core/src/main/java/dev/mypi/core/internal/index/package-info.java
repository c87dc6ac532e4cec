/**
 * The index service behind {@link dev.mypi.core.ProjectIndex}: {@link
 * dev.mypi.core.internal.index.StoredProjectIndex} keeps every project's state in memory as
 * immutable values, rebuilt at open from the store's journal and snapshots, and renders pages
 * into a cache keyed by each project's last serial.
 *
 * <ul>
 *   <li>{@code Publisher}: the upload use case (parse, spool, check, store under
 *       content-addressed keys {@code files/<project>/<sha256[0:32]>/<filename>} plus {@code
 *       .metadata} for wheels, then record);
 *   <li>{@code Journal}: the durable state, an append-only journal of changes under {@code
 *       _mypi/journal/}, each serial claimed with a create-only put (so several nodes over one
 *       store agree on one order), and snapshots under {@code _mypi/snapshots/};
 *   <li>{@code FolderImporter}: indexes distributions that lie elsewhere in the store (an existing
 *       pypiserver folder) where they lie, reading each one once.
 * </ul>
 *
 * <p>Not API: use {@link dev.mypi.core.ProjectIndex#builder}.
 */
@NullMarked
package dev.mypi.core.internal.index;

import org.jspecify.annotations.NullMarked;
