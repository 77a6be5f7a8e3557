package dev.ketch.apiserver.endpoints;

import dev.ketch.apiserver.errors.Cause;
import dev.ketch.apiserver.errors.StatusException;
import dev.ketch.apiserver.http.ApiRequest;
import dev.ketch.apiserver.registry.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query parameters every write shares, read and checked as kube-apiserver reads them into its
 * CreateOptions, UpdateOptions and PatchOptions: {@code dryRun}, {@code fieldManager} (at most 128
 * printable characters; when absent, the program name of the user agent, e.g. {@code kubectl}) and,
 * for apply patches only, {@code force}. Stateless.
 */
final class WriteRequests {

  /** The longest field manager name, in bytes. */
  static final int FIELD_MANAGER_MAX_LENGTH = 128;

  private WriteRequests() {}

  /** The options of a create (POST), update (PUT), non-apply patch (PATCH) or deletion. */
  static WriteOptions options(ApiRequest request) {
    boolean dry = dryRun(request);
    String manager = orEmpty(request.queryParameter("fieldManager"));
    if (!request.method().equals("DELETE")) {
      List<Cause> errs = validateFieldManager(manager);
      if (!errs.isEmpty()) {
        throw StatusException.invalidOptions(optionsKind(request), errs);
      }
      manager = managerOrUserAgent(manager, request.header("User-Agent"));
    }
    return new WriteOptions(dry, manager, request.user().name(), request.user().groups());
  }

  /**
   * The options of an apply patch: the manager must be named, and is not defaulted.
   *
   * @return the options, and {@code force}
   */
  static ApplyOptions applyOptions(ApiRequest request) {
    boolean dry = dryRun(request);
    String manager = orEmpty(request.queryParameter("fieldManager"));
    Boolean force = force(request);
    List<Cause> errs = new ArrayList<>();
    if (manager.isEmpty()) {
      errs.add(new Cause("FieldValueRequired", "Required value: is required for apply patch", "fieldManager"));
    }
    errs.addAll(validateFieldManager(manager));
    if (!errs.isEmpty()) {
      throw StatusException.invalidOptions("PatchOptions", errs);
    }
    return new ApplyOptions(new WriteOptions(dry, manager, request.user().name(), request.user().groups()), Boolean.TRUE.equals(force));
  }

  /** An apply's write options and whether it forces conflicts. */
  record ApplyOptions(WriteOptions write, boolean force) {}

  /** Non-apply patches refuse {@code force}. */
  static void refuseForce(ApiRequest request) {
    if (force(request) != null) {
      throw StatusException.invalidOptions("PatchOptions",
          List.of(new Cause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force")));
    }
  }

  private static Boolean force(ApiRequest request) {
    String value = request.queryParameter("force");
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False", "" -> false;
      default -> throw StatusException.badRequest("strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
    };
  }

  private static boolean dryRun(ApiRequest request) {
    boolean dry = false;
    for (String d : request.queryParameters("dryRun")) {
      if (!d.equals("All")) {
        throw StatusException.badRequest("dryRun: Unsupported value: \"" + d + "\": supported values: \"All\"");
      }
      dry = true;
    }
    return dry;
  }

  private static String optionsKind(ApiRequest request) {
    return switch (request.method()) {
      case "POST" -> "CreateOptions";
      case "PUT" -> "UpdateOptions";
      default -> "PatchOptions";
    };
  }

  /** What is wrong with a field manager name: too long, or characters that do not print. */
  static List<Cause> validateFieldManager(String manager) {
    List<Cause> errs = new ArrayList<>();
    if (manager.getBytes(StandardCharsets.UTF_8).length > FIELD_MANAGER_MAX_LENGTH) {
      errs.add(new Cause("FieldValueTooLong", "Too long: may not be more than " + FIELD_MANAGER_MAX_LENGTH + " bytes", "fieldManager"));
    }
    int position = 0;
    for (int i = 0; i < manager.length(); ) {
      int cp = manager.codePointAt(i);
      if (!printable(cp)) {
        errs.add(new Cause("FieldValueInvalid", "Invalid value: \"" + manager + "\": invalid character "
            + String.format(Locale.ROOT, "U+%04X", cp) + " (at position " + position + ")", "fieldManager"));
      }
      position += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      i += Character.charCount(cp);
    }
    return errs;
  }

  /**
   * The manager of a write that names none: the user agent up to its first {@code /}, without
   * characters that do not print, cut at 128 bytes ({@code kubectl/v1.32.0 (linux/amd64) …} gives
   * {@code kubectl}).
   */
  static String managerOrUserAgent(String manager, String userAgent) {
    if (!manager.isEmpty()) {
      return manager;
    }
    if (userAgent == null) {
      return "";
    }
    String prefix = userAgent.split("/", -1)[0];
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < prefix.length(); ) {
      int cp = prefix.codePointAt(i);
      i += Character.charCount(cp);
      if (!printable(cp)) {
        continue;
      }
      int length = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + length > FIELD_MANAGER_MAX_LENGTH) {
        break;
      }
      out.appendCodePoint(cp);
      bytes += length;
    }
    return out.toString();
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
          Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
