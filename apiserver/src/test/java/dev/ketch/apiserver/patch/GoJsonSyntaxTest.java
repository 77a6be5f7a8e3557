package dev.ketch.apiserver.patch;

import static dev.ketch.apiserver.patch.Trees.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoJsonSyntaxTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                | unexpected end of JSON input",
        "`   `             | unexpected end of JSON input",
        "{                 | unexpected end of JSON input",
        "x                 | invalid character 'x' looking for beginning of value",
        "'a'               | invalid character '\\'' looking for beginning of value",
        "{\"a\" 1}         | invalid character '1' after object key",
        "{\"a\":1 \"b\":2} | invalid character '\"' after object key:value pair",
        "{1:2}             | invalid character '1' looking for beginning of object key string",
        "{\"a\":1,}        | invalid character '}' looking for beginning of object key string",
        "[1 2]             | invalid character '2' after array element",
        "[1,]              | invalid character ']' looking for beginning of value",
        "{\"a\":1}x        | invalid character 'x' after top-level value",
        "01                | invalid character '1' after top-level value",
        "\"\\x\"           | invalid character 'x' in string escape code",
        "\"\\u12g4\"       | invalid character 'g' in \\u hexadecimal character escape",
        "-a                | invalid character 'a' in numeric literal",
        "1.                | unexpected end of JSON input",
        "1.e               | invalid character 'e' after decimal point in numeric literal",
        "1ex               | invalid character 'x' in exponent of numeric literal",
        "trux              | invalid character 'x' in literal true (expecting 'e')",
        "nul1              | invalid character '1' in literal null (expecting 'l')",
        "\u007f           | invalid character '\\x7f' looking for beginning of value",
      })
  void wordsErrorsAsGo(String input, String message) {
    assertThat(GoJsonSyntax.error(bytes(input))).contains(message);
  }

  @ParameterizedTest(name = "control character {0}")
  @CsvSource({"9, '\\t'", "10, '\\n'", "0, '\\x00'", "31, '\\x1f'"})
  void quotesControlCharactersAsGo(int c, String quoted) {
    assertThat(GoJsonSyntax.error(new byte[] {'"', (byte) c, '"'})).contains("invalid character '" + quoted + "' in string literal");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {"{\"a\":[1,2.5e-3,true,false,null,\"x\\n\\u00e9\"]}", "  [ ]  ", "-0.5E+2", "\"\""})
  void acceptsValidJson(String input) {
    assertThat(GoJsonSyntax.error(bytes(input))).isEmpty();
  }
}
