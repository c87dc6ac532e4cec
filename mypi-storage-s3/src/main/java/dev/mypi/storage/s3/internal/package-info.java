/** Implementation of the S3 store: part reading, listing pages, key mapping, blobs. Not API. */
@NullMarked
package dev.mypi.storage.s3.internal;

import org.jspecify.annotations.NullMarked;
