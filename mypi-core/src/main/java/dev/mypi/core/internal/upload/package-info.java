/**
 * The streaming {@code multipart/form-data} parser behind {@link dev.mypi.core.upload.UploadParser}:
 * a boundary scanner over one large buffer (Boyer-Moore-Horspool, no per-byte allocation), header
 * parameter parsing (RFC 7578, RFC 5987 {@code filename*}), and the counting, hashing stream the
 * distribution file is read through. Not API.
 */
@NullMarked
package dev.mypi.core.internal.upload;

import org.jspecify.annotations.NullMarked;
