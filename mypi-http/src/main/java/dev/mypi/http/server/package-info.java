/**
 * The standalone server: {@link dev.mypi.http.server.Main} (the {@code java -jar} command line)
 * and {@link dev.mypi.http.server.MypiServer}, Jetty 12 hosting {@link dev.mypi.http.MypiServlet}.
 */
@NullMarked
package dev.mypi.http.server;

import org.jspecify.annotations.NullMarked;
