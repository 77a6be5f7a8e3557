# Finds a JDK 25 or newer: JAVA_HOME, then java on PATH, then the system's JVM directory.
# Sets KETCH_JAVA_HOME, or prints why not and returns 1.

ketch_java_feature() {
  # The feature release of the java binary $1 (25 for "25.0.3"), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

ketch_find_jdk() {
  local candidates=() dir feature
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in /usr/lib/jvm/*; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
    feature=$(ketch_java_feature "$dir/bin/java")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      KETCH_JAVA_HOME="$dir"
      return 0
    fi
  done
  echo "ketch: no JDK 25 found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "ketch: install one (for example Temurin 25) or point JAVA_HOME at it." >&2
  return 1
}
