/**
 * Implementations behind {@link dev.mypi.core.simple.PageRenderer}: the PEP 503 HTML renderer and
 * the PEP 691 JSON renderer, plus a small buffered UTF-8 byte writer they share. Not API: use
 * {@link dev.mypi.core.simple.PageRenderer#forFormat}.
 */
@NullMarked
package dev.mypi.core.internal.simple;

import org.jspecify.annotations.NullMarked;
