# Sourced by the project's scripts: finds a Java 25 JDK and exports JAVA_HOME and PATH.
# The machine's default java may be older; never assume it.
find_java25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/java-25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if "$candidate/bin/java" -version 2>&1 | head -n 1 | grep -q '"25'; then
      echo "$candidate"
      return 0
    fi
  done
  if command -v java >/dev/null 2>&1 && java -version 2>&1 | head -n 1 | grep -q '"25'; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
    return 0
  fi
  return 1
}

if ! JAVA_HOME=$(find_java25); then
  echo "cab-ledger needs a Java 25 JDK (e.g. Temurin 25 under /usr/lib/jvm); none was found." >&2
  echo "Install one, or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
