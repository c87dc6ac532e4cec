/**
 * The simple repository API (PEP 503, 629, 592, 658/714, 691, 700, 792): one immutable page model,
 * its HTML and JSON renderers, and server-side content negotiation.
 *
 * <ul>
 *   <li>The model: {@link dev.mypi.core.simple.ProjectList} (the root page),
 *       {@link dev.mypi.core.simple.ProjectPage} (one project) made of
 *       {@link dev.mypi.core.simple.FileEntry} values with their {@link dev.mypi.core.simple.Hashes}
 *       and {@link dev.mypi.core.simple.YankState}, and a PEP 792
 *       {@link dev.mypi.core.simple.ProjectStatus};
 *   <li>{@link dev.mypi.core.simple.SimpleFormat}: the three representations and their media types;
 *   <li>{@link dev.mypi.core.simple.ContentNegotiation}: picks a format from {@code Accept} or
 *       {@code ?format=};
 *   <li>{@link dev.mypi.core.simple.PageRenderer}: writes a page in one format.
 * </ul>
 *
 * <pre>{@code
 * Optional<SimpleFormat> format = ContentNegotiation.strict().select(request.getHeader("Accept"));
 * if (format.isEmpty()) { ... 406 ... }
 * PageRenderer.forFormat(format.get()).render(page, out);
 * }</pre>
 */
@NullMarked
package dev.mypi.core.simple;

import org.jspecify.annotations.NullMarked;
