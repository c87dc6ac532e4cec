/**
 * The standalone server: {@link dev.mypi.server.Main} (the {@code java -jar} command line)
 * and {@link dev.mypi.server.MypiServer}, Jetty 12 hosting {@link dev.mypi.http.MypiServlet}.
 */
@NullMarked
package dev.mypi.server;

import org.jspecify.annotations.NullMarked;
