/**
 * mypi-core: the Python package-index protocol as a library.
 *
 * <p>This package holds the root exception {@link dev.mypi.core.MypiException}. The protocol lives in
 * sub-packages, one concern each:
 *
 * <ul>
 *   <li>{@code dev.mypi.core.name}: PEP 503 project names and wheel/sdist filenames;
 *   <li>{@code dev.mypi.core.version}: PEP 440 versions and Requires-Python specifiers;
 *   <li>{@code dev.mypi.core.metadata}: core metadata read from wheels and sdists;
 *   <li>{@code dev.mypi.core.simple}: the simple-repository page model, its HTML and JSON
 *       renderers and content negotiation;
 *   <li>{@code dev.mypi.core.upload}: the legacy upload API as twine sends it.
 * </ul>
 *
 * <p>Nothing in this module knows about HTTP servers, servlets, cloud SDKs or dependency injection;
 * {@code CoreBoundaryTest} and the enforcer rules in the module's POM keep it that way.
 */
@NullMarked
package dev.mypi.core;

import org.jspecify.annotations.NullMarked;
