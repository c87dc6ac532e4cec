/**
 * What mypi-http offers Jetty 12 (ee10) hosts: {@link dev.mypi.http.jetty.JettyBodySender}. Jetty
 * is an optional dependency of mypi-http; nothing outside this package uses it.
 */
@NullMarked
package dev.mypi.http.jetty;

import org.jspecify.annotations.NullMarked;
