package dev.mypi.core.internal.upload;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An input that reads straight into its caller's buffers and is then lent them: {@link
 * ContentStream} implements it so that {@link SpoolWriter} can have an upload's file part copied
 * from the multipart reader's buffer into the native buffers it writes from, and hashed there,
 * instead of copying every byte into an array first and then twice more (into a chunk for the
 * digests and into the native buffer).
 *
 * <p>Bytes read with {@link #read(ByteBuffer)} count as consumed only once they are handed back
 * with {@link #lend}, in the order they were read and before any read of the stream's own.
 */
interface DirectInput {
  /**
   * Reads up to {@code dst.remaining()} bytes into {@code dst}; returns how many, at least one
   * unless {@code dst} is full, or -1 at the end of the input.
   */
  int read(ByteBuffer dst) throws IOException;

  /**
   * Takes {@code data}'s remaining bytes, which {@link #read(ByteBuffer)} put there: the input may
   * read them (on other threads) until it runs {@code release}, exactly once, and the caller must
   * not change them before that.
   */
  void lend(ByteBuffer data, Runnable release) throws IOException;
}
