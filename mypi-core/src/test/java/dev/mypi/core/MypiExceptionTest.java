package dev.mypi.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MypiExceptionTest {
  @Test
  void messageStaysOnOneLineWhateverTheInputQuoted() {
    MypiException e = new MypiException("Bad value 'a\r\nX-Injected: 1\0'", new RuntimeException());

    assertThat(e.getMessage()).isEqualTo("Bad value 'a\\x0d\\x0aX-Injected: 1\\x00'");
  }
}
