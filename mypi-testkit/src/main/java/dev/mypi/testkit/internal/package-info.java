/** Implementation of the testkit: archives, the settable index clock, path globs. Not API. */
@org.jspecify.annotations.NullMarked
package dev.mypi.testkit.internal;
