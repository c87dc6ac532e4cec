/**
 * Core metadata (the {@code METADATA} file of a wheel, the {@code PKG-INFO} file of an sdist) and
 * reading it safely out of uploaded distributions.
 *
 * <ul>
 *   <li>{@link dev.mypi.core.metadata.CoreMetadata}: the parsed file, typed accessors, and the
 *       exact bytes for the PEP 658 {@code .metadata} sidecar;
 *   <li>{@link dev.mypi.core.metadata.MetadataReader}: finds and reads the metadata file in a
 *       {@code .whl}, {@code .tar.gz}, {@code .zip}, {@code .tar.bz2} or {@code .egg} without
 *       unpacking it, within {@link dev.mypi.core.metadata.MetadataLimits};
 *   <li>{@link dev.mypi.core.metadata.InvalidDistributionException} and {@link
 *       dev.mypi.core.metadata.InvalidMetadataException} for bad archives and bad metadata.
 * </ul>
 *
 * <pre>{@code
 * MetadataReader reader = MetadataReader.create(MetadataLimits.defaults());
 * CoreMetadata metadata = reader.read(path, "foo_bar-1.0-py3-none-any.whl");
 * metadata.name();          // "foo-bar", as written
 * metadata.requiresDist();  // ["requests>=2", "rich; extra == \"cli\""]
 * byte[] sidecar = metadata.raw();   // serve as foo_bar-1.0-py3-none-any.whl.metadata
 * }</pre>
 */
@NullMarked
package dev.mypi.core.metadata;

import org.jspecify.annotations.NullMarked;
