/**
 * Text helpers shared by the exceptions of every package: making untrusted input safe to quote in a
 * one-line message.
 */
@org.jspecify.annotations.NullMarked
package dev.mypi.core.internal.text;
