/**
 * mypi over HTTP: {@link dev.mypi.http.MypiServlet}, a Jakarta Servlet that serves a {@link
 * dev.mypi.core.ProjectIndex} to pip, uv, poetry, pdm, pipenv and twine, and that any servlet
 * container can mount under any path.
 *
 * <p>The standalone server ({@code dev.mypi.server}) hosts the same servlet in Jetty 12.
 */
@NullMarked
package dev.mypi.http;

import org.jspecify.annotations.NullMarked;
