/**
 * HTTP mechanics behind {@link dev.mypi.http.MypiServlet}: routes, byte ranges, entity tags and
 * the mapping of exceptions to status codes. Not API.
 */
@NullMarked
package dev.mypi.http.internal;

import org.jspecify.annotations.NullMarked;
