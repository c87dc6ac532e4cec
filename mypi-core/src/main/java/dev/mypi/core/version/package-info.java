/**
 * PEP 440 versions and version specifiers, with the semantics of Python's {@code packaging} 26.2.
 *
 * <ul>
 *   <li>{@link dev.mypi.core.version.Version}: parsing, normalisation, ordering and the canonical
 *       form an index uses as release identity;
 *   <li>{@link dev.mypi.core.version.SpecifierSet}: {@code Requires-Python} and other specifier
 *       sets ({@code >=3.8,!=3.9.*}) and their {@code contains} semantics.
 * </ul>
 */
@NullMarked
package dev.mypi.core.version;

import org.jspecify.annotations.NullMarked;
