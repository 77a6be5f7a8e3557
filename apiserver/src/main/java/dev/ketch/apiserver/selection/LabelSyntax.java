package dev.ketch.apiserver.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax of label keys and values, with the error texts of Kubernetes' {@code
 * k8s.io/apimachinery/pkg/util/validation} (as served by 1.32–1.33), so that a refused selector or
 * label reads as it does from kube-apiserver. Stateless and thread-safe.
 */
public final class LabelSyntax {

  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String QUALIFIED_NAME_MSG =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final int QUALIFIED_NAME_MAX = 63;
  private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");

  private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  private static final String LABEL_VALUE_MSG =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  private static final int LABEL_VALUE_MAX = 63;
  private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1123_SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final int DNS1123_SUBDOMAIN_MAX = 253;
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");

  private LabelSyntax() {}

  /**
   * What is wrong with a label key (a "qualified name": an optional DNS subdomain prefix and
   * {@code /}, then a name of at most 63 characters); empty when it is valid.
   */
  public static List<String> labelKeyErrors(String key) {
    List<String> errors = new ArrayList<>();
    String[] parts = key.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errors.add("prefix part must be non-empty");
        } else {
          dns1123SubdomainErrors(prefix).forEach(e -> errors.add("prefix part " + e));
        }
      }
      default -> {
        errors.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errors;
      }
    }
    if (name.isEmpty()) {
      errors.add("name part must be non-empty");
    } else if (GoText.byteLength(name) > QUALIFIED_NAME_MAX) {
      errors.add("name part " + maxLenError(QUALIFIED_NAME_MAX));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errors.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errors;
  }

  /** What is wrong with a label value (empty, or a qualified name of at most 63 characters). */
  public static List<String> labelValueErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (GoText.byteLength(value) > LABEL_VALUE_MAX) {
      errors.add(maxLenError(LABEL_VALUE_MAX));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errors.add(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errors;
  }

  /** What is wrong with a lowercase RFC 1123 subdomain such as {@code example.com}. */
  public static List<String> dns1123SubdomainErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (GoText.byteLength(value) > DNS1123_SUBDOMAIN_MAX) {
      errors.add(maxLenError(DNS1123_SUBDOMAIN_MAX));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errors.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errors;
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  private static String regexError(String msg, String regex, String... examples) {
    StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      // Upstream separates examples with "', " followed by " or ", hence the double space.
      sb.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(regex).append("')").toString();
  }
}
