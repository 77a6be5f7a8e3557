package dev.ketch.apiserver.errors;

/**
 * One thing wrong with a request, as a Status cause: kubectl prints {@code field: message}.
 *
 * @param type the cause type, e.g. FieldValueInvalid, FieldValueRequired
 * @param message what is wrong, e.g. {@code Invalid value: "Foo": a lowercase RFC 1123 …}
 * @param field the field path, e.g. {@code metadata.name} or {@code spec.containers[0].image}
 */
public record Cause(String type, String message, String field) {

  public static Cause required(String field) {
    return new Cause("FieldValueRequired", "Required value", field);
  }

  public static Cause invalid(String field, Object value, String detail) {
    return new Cause("FieldValueInvalid", "Invalid value: " + quote(value) + ": " + detail, field);
  }

  public static Cause notSupported(String field, Object value, java.util.Collection<String> supported) {
    StringBuilder sb = new StringBuilder("Unsupported value: ").append(quote(value)).append(": supported values: ");
    boolean first = true;
    for (String s : supported) {
      sb.append(first ? "" : ", ").append('"').append(s).append('"');
      first = false;
    }
    return new Cause("FieldValueNotSupported", sb.toString(), field);
  }

  public static Cause forbidden(String field, String detail) {
    return new Cause("FieldValueForbidden", "Forbidden: " + detail, field);
  }

  public static Cause duplicate(String field, Object value) {
    return new Cause("FieldValueDuplicate", "Duplicate value: " + quote(value), field);
  }

  public static Cause tooLong(String field, Object value, int max) {
    return new Cause("FieldValueTooLong", "Too long: may not be more than " + max + " bytes", field);
  }

  public static Cause unknownField(String field) {
    return new Cause("FieldValueInvalid", "unknown field \"" + field + "\"", field);
  }

  private static String quote(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(value);
  }

  /** How kubectl shows it under "is invalid:". */
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
