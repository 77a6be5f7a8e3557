package dev.ketch.apiserver.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name formats of Kubernetes, with its messages: each check returns the problems found, as
 * detail strings for a {@code Cause.invalid}; an empty list means valid.
 */
public final class Names {

  public static final int DNS1123_LABEL_MAX = 63;
  public static final int DNS1123_SUBDOMAIN_MAX = 253;
  public static final int LABEL_VALUE_MAX = 63;
  public static final int QUALIFIED_NAME_MAX = 63;

  private static final String LABEL_RE = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_RE = LABEL_RE + "(\\." + LABEL_RE + ")*";
  private static final String DNS1035_RE = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String QUALIFIED_NAME_RE = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE_RE = "(" + QUALIFIED_NAME_RE + ")?";
  private static final String C_IDENTIFIER_RE = "[A-Za-z_][A-Za-z0-9_]*";

  private static final Pattern LABEL = Pattern.compile(LABEL_RE);
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_RE);
  private static final Pattern DNS1035 = Pattern.compile(DNS1035_RE);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_RE);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_RE);
  private static final Pattern C_IDENTIFIER = Pattern.compile(C_IDENTIFIER_RE);

  private Names() {}

  /** An RFC 1123 label: namespaces, most names of things inside specs. */
  public static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > DNS1123_LABEL_MAX) {
      errs.add(maxLength(DNS1123_LABEL_MAX));
    }
    if (!LABEL.matcher(value).matches()) {
      errs.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
          + "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
          + "validation is '" + LABEL_RE + "')");
    }
    return errs;
  }

  /** An RFC 1123 subdomain: the names of most objects. */
  public static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > DNS1123_SUBDOMAIN_MAX) {
      errs.add(maxLength(DNS1123_SUBDOMAIN_MAX));
    }
    if (!SUBDOMAIN.matcher(value).matches()) {
      errs.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
          + "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
          + SUBDOMAIN_RE + "')");
    }
    return errs;
  }

  /** A DNS-1035 label: Service names, which become DNS names that must not start with a digit. */
  public static List<String> dns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > DNS1123_LABEL_MAX) {
      errs.add(maxLength(DNS1123_LABEL_MAX));
    }
    if (!DNS1035.matcher(value).matches()) {
      errs.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
          + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex "
          + "used for validation is '" + DNS1035_RE + "')");
    }
    return errs;
  }

  /** A name that is a single path segment: RBAC roles and bindings. */
  public static List<String> pathSegment(String value) {
    List<String> errs = new ArrayList<>();
    if (value.equals(".") || value.equals("..")) {
      errs.add("may not be '" + value + "'");
    }
    if (value.contains("/")) {
      errs.add("may not contain '/'");
    }
    if (value.contains("%")) {
      errs.add("may not contain '%'");
    }
    return errs;
  }

  /** A qualified name with an optional DNS-subdomain prefix: label and annotation keys. */
  public static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String name = value;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      String prefix = value.substring(0, slash);
      name = value.substring(slash + 1);
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        for (String e : dns1123Subdomain(prefix)) {
          errs.add("prefix part " + e);
        }
      }
      if (name.contains("/")) {
        return List.of("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and "
            + "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            + "validation is '" + QUALIFIED_NAME_RE + "') with an optional DNS subdomain prefix and '/' (e.g. "
            + "'example.com/MyName')");
      }
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > QUALIFIED_NAME_MAX) {
      errs.add("name part must be no more than 63 characters");
    }
    if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
          + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '"
          + QUALIFIED_NAME_RE + "')");
    }
    return errs;
  }

  /** A label value. */
  public static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > LABEL_VALUE_MAX) {
      errs.add(maxLength(LABEL_VALUE_MAX));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
          + "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "
          + "used for validation is '" + LABEL_VALUE_RE + "')");
    }
    return errs;
  }

  /** A C identifier: environment variable names in some places. */
  public static List<String> cIdentifier(String value) {
    if (C_IDENTIFIER.matcher(value).matches()) {
      return List.of();
    }
    return List.of("a valid C identifier must start with alphabetic character or '_', followed by a string of "
        + "alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation "
        + "is '" + C_IDENTIFIER_RE + "')");
  }

  public static String maxLength(int max) {
    return "must be no more than " + max + " characters";
  }
}
