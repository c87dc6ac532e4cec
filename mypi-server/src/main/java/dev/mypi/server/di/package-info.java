/**
 * Dagger wiring of the standalone server: the only code in mypi that uses dependency injection.
 * The modules call the same public factories and builders a library user calls.
 */
@NullMarked
package dev.mypi.server.di;

import org.jspecify.annotations.NullMarked;
