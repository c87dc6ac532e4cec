/**
 * Implementation helpers for {@code dev.mypi.core.version} and the filename parsers: Python's
 * notion of whitespace, word characters and string ordering. Not API.
 */
@NullMarked
package dev.mypi.core.internal.version;

import org.jspecify.annotations.NullMarked;
