package dev.ketch.apiserver.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label selector parser of Kubernetes' {@code labels.Parse}, rebuilt token for token so that
 * the same inputs are accepted and the same errors reported: a lexer that splits on whitespace and
 * the symbols {@code = ! ( ) , > <}, and a recursive-descent parser over the scanned tokens.
 * Instances are single-use and not thread-safe.
 */
final class LabelSelectorParser {

  /** Thrown with upstream's message when the text is not a selector. */
  static final class ParseException extends Exception {
    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private enum Token {
    END, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN,
    LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
  }

  private static final Map<String, Token> KEYWORDS = Map.ofEntries(
      Map.entry(")", Token.CLOSED_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.DOES_NOT_EXIST),
      Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
      Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
      Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

  /** How the binary operators are listed when one is expected. */
  private static final String BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

  private record Item(Token token, String literal) {}

  private final String text;
  private int pos;
  private final List<Item> items = new ArrayList<>();
  private int position;

  private LabelSelectorParser(String text) {
    this.text = text;
  }

  /** The requirements of a selector, in the order written; empty for a blank selector. */
  static List<LabelRequirement> parse(String text) throws ParseException {
    LabelSelectorParser parser = new LabelSelectorParser(text);
    parser.scan();
    return parser.requirements();
  }

  // ---- lexer: works on chars as upstream works on bytes; a NUL ends the text as upstream's 0 does

  private char read() {
    return pos < text.length() ? text.charAt(pos++) : 0;
  }

  private void unread() {
    pos--;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpecial(char c) {
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
  }

  private void scan() {
    while (true) {
      Item item = lex();
      items.add(item);
      if (item.token() == Token.END) {
        return;
      }
    }
  }

  private Item lex() {
    char c = read();
    while (isWhitespace(c)) {
      c = read();
    }
    if (c == 0) {
      return new Item(Token.END, "");
    }
    unread();
    return isSpecial(c) ? scanSymbol() : scanIdentifier();
  }

  private Item scanIdentifier() {
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = read();
      if (c == 0) {
        break;
      }
      if (isSpecial(c) || isWhitespace(c)) {
        unread();
        break;
      }
      sb.append(c);
    }
    String s = sb.toString();
    Token keyword = KEYWORDS.get(s);
    return new Item(keyword != null ? keyword : Token.IDENTIFIER, s);
  }

  /** The longest run of symbols that is still an operator: {@code !=} rather than {@code !}. */
  private Item scanSymbol() {
    StringBuilder sb = new StringBuilder();
    Item last = null;
    while (true) {
      char c = read();
      if (c == 0) {
        break;
      }
      if (!isSpecial(c)) {
        unread();
        break;
      }
      sb.append(c);
      Token token = KEYWORDS.get(sb.toString());
      if (token != null) {
        last = new Item(token, sb.toString());
      } else if (last != null) {
        unread();
        break;
      }
    }
    // Every single symbol is a keyword, so a symbol run always yields one.
    return last;
  }

  // ---- parser. In "values" context the words in and notin are identifiers: x in (in,notin)

  private Item lookahead(boolean values) {
    return asContext(items.get(Math.min(position, items.size() - 1)), values);
  }

  private Item consume(boolean values) {
    Item item = items.get(Math.min(position, items.size() - 1));
    position++;
    return asContext(item, values);
  }

  private static Item asContext(Item item, boolean values) {
    if (values && (item.token() == Token.IN || item.token() == Token.NOT_IN)) {
      return new Item(Token.IDENTIFIER, item.literal());
    }
    return item;
  }

  private List<LabelRequirement> requirements() throws ParseException {
    List<LabelRequirement> requirements = new ArrayList<>();
    while (true) {
      Item next = lookahead(true);
      switch (next.token()) {
        case IDENTIFIER, DOES_NOT_EXIST -> {
          try {
            requirements.add(requirement());
          } catch (ParseException e) {
            throw new ParseException("unable to parse requirement: " + e.getMessage());
          }
          Item after = consume(true);
          switch (after.token()) {
            case END -> {
              return requirements;
            }
            case COMMA -> {
              Item following = lookahead(true);
              if (following.token() != Token.IDENTIFIER && following.token() != Token.DOES_NOT_EXIST) {
                throw new ParseException("found '" + following.literal() + "', expected: identifier after ','");
              }
            }
            default -> throw new ParseException(
                "found '" + after.literal() + "', expected: ',' or 'end of string'");
          }
        }
        case END -> {
          return requirements;
        }
        default -> throw new ParseException(
            "found '" + next.literal() + "', expected: !, identifier, or 'end of string'");
      }
    }
  }

  private LabelRequirement requirement() throws ParseException {
    LabelOperator operator = null;
    Item key = consume(true);
    if (key.token() == Token.DOES_NOT_EXIST) {
      operator = LabelOperator.DOES_NOT_EXIST;
      key = consume(true);
    }
    if (key.token() != Token.IDENTIFIER) {
      throw new ParseException("found '" + key.literal() + "', expected: identifier");
    }
    List<String> keyErrors = LabelSyntax.labelKeyErrors(key.literal());
    if (!keyErrors.isEmpty()) {
      throw new ParseException(GoText.invalid(null, key.literal(), String.join("; ", keyErrors)));
    }
    Token next = lookahead(true).token();
    if ((next == Token.END || next == Token.COMMA) && operator == null) {
      operator = LabelOperator.EXISTS;
    }
    if (operator != null) {
      return LabelSelector.requirement(key.literal(), operator, List.of());
    }
    operator = operator();
    TreeSet<String> values = switch (operator) {
      case IN, NOT_IN -> setValues();
      default -> exactValue();
    };
    return LabelSelector.requirement(key.literal(), operator, List.copyOf(values));
  }

  private LabelOperator operator() throws ParseException {
    Item item = consume(false);
    return switch (item.token()) {
      case IN -> LabelOperator.IN;
      case EQUALS -> LabelOperator.EQUALS;
      case DOUBLE_EQUALS -> LabelOperator.DOUBLE_EQUALS;
      case GREATER_THAN -> LabelOperator.GREATER_THAN;
      case LESS_THAN -> LabelOperator.LESS_THAN;
      case NOT_IN -> LabelOperator.NOT_IN;
      case NOT_EQUALS -> LabelOperator.NOT_EQUALS;
      default -> throw new ParseException("found '" + item.literal() + "', expected: " + BINARY_OPERATORS);
    };
  }

  private TreeSet<String> setValues() throws ParseException {
    Item open = consume(true);
    if (open.token() != Token.OPEN_PAR) {
      throw new ParseException("found '" + open.literal() + "' expected: '('");
    }
    Item next = lookahead(true);
    switch (next.token()) {
      case IDENTIFIER, COMMA -> {
        TreeSet<String> values = identifiers();
        if (consume(true).token() != Token.CLOSED_PAR) {
          throw new ParseException("found '" + next.literal() + "', expected: ')'");
        }
        return values;
      }
      case CLOSED_PAR -> {
        consume(true);
        TreeSet<String> values = new TreeSet<>();
        values.add("");
        return values;
      }
      default -> throw new ParseException("found '" + next.literal() + "', expected: ',', ')' or identifier");
    }
  }

  /** A comma-separated list in which empty entries stand for the empty value: {@code (a,,b)}. */
  private TreeSet<String> identifiers() throws ParseException {
    TreeSet<String> values = new TreeSet<>();
    while (true) {
      Item item = consume(true);
      switch (item.token()) {
        case IDENTIFIER -> {
          values.add(item.literal());
          Item next = lookahead(true);
          switch (next.token()) {
            case COMMA -> { }
            case CLOSED_PAR -> {
              return values;
            }
            default -> throw new ParseException("found '" + next.literal() + "', expected: ',' or ')'");
          }
        }
        case COMMA -> {
          if (values.isEmpty()) {
            values.add("");
          }
          Token next = lookahead(true).token();
          if (next == Token.CLOSED_PAR) {
            values.add("");
            return values;
          }
          if (next == Token.COMMA) {
            values.add("");
          }
        }
        default -> throw new ParseException("found '" + item.literal() + "', expected: ',', or identifier");
      }
    }
  }

  private TreeSet<String> exactValue() throws ParseException {
    TreeSet<String> values = new TreeSet<>();
    Token next = lookahead(true).token();
    if (next == Token.END || next == Token.COMMA) {
      values.add("");
      return values;
    }
    Item item = consume(true);
    if (item.token() != Token.IDENTIFIER) {
      throw new ParseException("found '" + item.literal() + "', expected: identifier");
    }
    values.add(item.literal());
    return values;
  }
}
