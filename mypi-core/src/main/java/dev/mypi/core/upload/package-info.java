/**
 * Uploads as PyPI's legacy endpoint ({@code POST /legacy/}) takes them from twine, poetry and uv.
 *
 * <p>Two steps, kept apart so that each can be used and tested on its own:
 *
 * <ol>
 *   <li>{@link dev.mypi.core.upload.UploadParser} streams a {@code multipart/form-data} body: the
 *       distribution file goes to a {@link dev.mypi.core.upload.ContentSink} while it is hashed and
 *       size-limited, the text fields become a typed {@link dev.mypi.core.upload.Upload}. Limits on
 *       the untrusted body are one {@link dev.mypi.core.upload.UploadLimits} object.
 *   <li>{@link dev.mypi.core.upload.UploadRules} applies the form-level checks PyPI's forklift
 *       applies before it looks at any project: action, protocol version, required fields, file
 *       type, Python version, filename and digests.
 * </ol>
 *
 * <pre>{@code
 * UploadParser parser = UploadParser.create(UploadLimits.defaults());
 * Upload upload = parser.parse(contentType, body, (filename, in) -> tempFiles.write(filename, in));
 * if (upload.action() == UploadAction.NO_OP) {
 *   return ok();                                    // "submit" / "verify": nothing to do
 * }
 * upload = UploadRules.defaults().check(upload);    // InvalidUploadException → 400
 * }</pre>
 *
 * <p>Errors are {@link dev.mypi.core.upload.InvalidUploadException} (400) and its subclasses
 * {@link dev.mypi.core.upload.UploadTooLargeException} (413) and
 * {@link dev.mypi.core.upload.UnsupportedUploadActionException} (status by
 * {@link dev.mypi.core.upload.UploadAction}); each message is one line for the twine user.
 */
@NullMarked
package dev.mypi.core.upload;

import org.jspecify.annotations.NullMarked;
