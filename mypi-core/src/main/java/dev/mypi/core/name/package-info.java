/**
 * Python project names (PEP 503) and distribution filenames.
 *
 * <ul>
 *   <li>{@link dev.mypi.core.name.ProjectName}: display name plus normalised identity;
 *   <li>wheel (PEP 427/491) and sdist (PEP 625) filename parsing, with legacy forms recognised.
 * </ul>
 */
@NullMarked
package dev.mypi.core.name;

import org.jspecify.annotations.NullMarked;
