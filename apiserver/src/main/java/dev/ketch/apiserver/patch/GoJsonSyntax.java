package dev.ketch.apiserver.patch;

import java.util.Optional;

/**
 * Finds the first syntax error in a JSON document and words it as Go's encoding/json does
 * ({@code invalid character 'x' looking for beginning of value}, {@code unexpected end of JSON
 * input}), since kube-apiserver returns those messages verbatim for unreadable patch bodies. Only
 * consulted once Jackson has refused a body, so it favours clarity over speed. Stateless; each
 * call scans its own input.
 */
final class GoJsonSyntax {

  private final byte[] in;
  private int pos;

  private GoJsonSyntax(byte[] in) {
    this.in = in;
  }

  /** The message Go would give for {@code json}, or empty if Go would read it. */
  static Optional<String> error(byte[] json) {
    GoJsonSyntax scanner = new GoJsonSyntax(json);
    try {
      scanner.document();
      return Optional.empty();
    } catch (SyntaxError e) {
      return Optional.of(e.getMessage());
    }
  }

  private static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  private void document() throws SyntaxError {
    skipSpace();
    value();
    skipSpace();
    if (pos < in.length) {
      throw invalid("after top-level value");
    }
  }

  private void value() throws SyntaxError {
    int c = peek();
    switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          number();
        } else {
          throw invalid("looking for beginning of value");
        }
      }
    }
  }

  private void object() throws SyntaxError {
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      if (peek() != '"') {
        throw invalid("looking for beginning of object key string");
      }
      string();
      skipSpace();
      if (peek() != ':') {
        throw invalid("after object key");
      }
      pos++;
      skipSpace();
      value();
      skipSpace();
      int c = peek();
      if (c == '}') {
        pos++;
        return;
      }
      if (c != ',') {
        throw invalid("after object key:value pair");
      }
      pos++;
      skipSpace();
    }
  }

  private void array() throws SyntaxError {
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      value();
      skipSpace();
      int c = peek();
      if (c == ']') {
        pos++;
        return;
      }
      if (c != ',') {
        throw invalid("after array element");
      }
      pos++;
      skipSpace();
    }
  }

  private void string() throws SyntaxError {
    pos++;
    while (true) {
      int c = peek();
      if (c == '"') {
        pos++;
        return;
      }
      if (c == '\\') {
        pos++;
        int e = peek();
        if ("\"\\/bfnrt".indexOf(e) >= 0) {
          pos++;
        } else if (e == 'u') {
          pos++;
          for (int i = 0; i < 4; i++) {
            int h = peek();
            if (Character.digit(h, 16) < 0) {
              throw invalid("in \\u hexadecimal character escape");
            }
            pos++;
          }
        } else {
          throw invalid("in string escape code");
        }
      } else if (c < 0x20) {
        throw invalid("in string literal");
      } else {
        pos++;
      }
    }
  }

  private void number() throws SyntaxError {
    if (peek() == '-') {
      pos++;
      if (!digit(peek())) {
        throw invalid("in numeric literal");
      }
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (pos < in.length && in[pos] == '.') {
      pos++;
      if (!digit(peek())) {
        throw invalid("after decimal point in numeric literal");
      }
      digits();
    }
    if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
      pos++;
      int c = peek();
      if (c == '+' || c == '-') {
        pos++;
      }
      if (!digit(peek())) {
        throw invalid("in exponent of numeric literal");
      }
      digits();
    }
  }

  private void digits() {
    while (pos < in.length && digit(in[pos])) {
      pos++;
    }
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  private void literal(String word) throws SyntaxError {
    pos++;
    for (int i = 1; i < word.length(); i++) {
      if (peek() != word.charAt(i)) {
        throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
      }
      pos++;
    }
  }

  private void skipSpace() {
    while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
      pos++;
    }
  }

  /** The byte at the cursor; the end of input is itself an error wherever a byte is needed. */
  private int peek() throws SyntaxError {
    if (pos >= in.length) {
      throw new SyntaxError("unexpected end of JSON input");
    }
    return in[pos] & 0xff;
  }

  private SyntaxError invalid(String context) {
    return new SyntaxError("invalid character " + quoteChar(in[pos] & 0xff) + " " + context);
  }

  /** A byte quoted as Go's scanner quotes it: {@code 'x'}, {@code '\n'}, {@code '\x00'}. */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    return "'" + goQuoteBody(c) + "'";
  }

  private static String goQuoteBody(int c) {
    return switch (c) {
      case 0x07 -> "\\a";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case 0x0b -> "\\v";
      case '\\' -> "\\\\";
      default -> {
        if (c < 0x20 || c == 0x7f) {
          yield String.format("\\x%02x", c);
        }
        if ((c >= 0x80 && c < 0xa0) || c == 0xad) {
          yield String.format("\\u%04x", c);
        }
        yield Character.toString(c);
      }
    };
  }
}
