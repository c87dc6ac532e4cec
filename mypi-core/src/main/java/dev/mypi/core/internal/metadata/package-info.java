/**
 * Implementation of {@link dev.mypi.core.metadata}: the RFC 822 "email header" reader and writer
 * for core metadata, and the wheel and sdist archive readers behind {@link
 * dev.mypi.core.metadata.MetadataReader}. Not API: anything here may change without notice.
 */
@NullMarked
package dev.mypi.core.internal.metadata;

import org.jspecify.annotations.NullMarked;
