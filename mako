#!/usr/bin/env bash
# Mako launcher: finds a JDK 25, builds what is missing or stale, runs a command.
#   ./mako info | train ... | gradcheck | bench ... | test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/mako"
MAVEN_VERSION=3.9.9
MAIN_CLASS=dev.mako.cli.Main
JVM_FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC)

die() { echo "mako: $*" >&2; exit 1; }

# ---- JDK 25 ------------------------------------------------------------------------------
java_major() {  # prints the major version of the JDK at $1, or nothing
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  echo "$v"
}

find_jdk() {
  local cand v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$JAVA_HOME"; return; fi
  fi
  for cand in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /opt/*jdk* \
              "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.local/share/jdks/* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$cand" ] || continue
    v=$(java_major "$cand")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$cand"; return; fi
  done
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(java_major "$cand")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$cand"; return; fi
  fi
}

JDK=$(find_jdk)
[ -n "$JDK" ] || die "no JDK 25 or newer found (looked at JAVA_HOME, /usr/lib/jvm, /usr/java, /opt, ~/.sdkman, ~/.jdks).
Install one, for example:  sudo apt-get install temurin-25-jdk   (Adoptium repository)
                      or:  sdk install java 25-tem                (SDKMAN)
or set JAVA_HOME to a JDK 25 installation."
export JAVA_HOME="$JDK"

# ---- Maven -------------------------------------------------------------------------------
find_maven() {
  if command -v mvn >/dev/null 2>&1; then command -v mvn; return; fi
  local home="$CACHE/maven/apache-maven-$MAVEN_VERSION"
  if [ ! -x "$home/bin/mvn" ]; then
    echo "mako: Maven not found; fetching Apache Maven $MAVEN_VERSION from Maven Central into $CACHE/maven" >&2
    mkdir -p "$CACHE/maven"
    local url="https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$MAVEN_VERSION/apache-maven-$MAVEN_VERSION-bin.tar.gz"
    local tmp="$CACHE/maven/download.$$"
    if command -v curl >/dev/null 2>&1; then curl -fsSL --connect-timeout 10 -o "$tmp" "$url"
    else wget -q -T 10 -O "$tmp" "$url"; fi || { rm -f "$tmp"; die "could not download Maven from $url; install Maven (apt-get install maven)"; }
    tar -xzf "$tmp" -C "$CACHE/maven" && rm -f "$tmp"
  fi
  echo "$home/bin/mvn"
}
MVN=$(find_maven)
# The same Maven builds bench/dl4j on demand for `bench ... --vs dl4j` (Dl4jRunner).
export MAKO_MVN="$MVN"
# Keep Maven's own JVM quiet on new JDKs (it uses sun.misc.Unsafe and native access).
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"

STAMP="$ROOT/cli/target/mako-build.stamp"
CLASSPATH_FILE="$ROOT/cli/target/classpath.txt"
BUILD_LOG="$ROOT/cli/target/mako-build.log"

stale() {
  [ -f "$STAMP" ] && [ -f "$CLASSPATH_FILE" ] || return 0
  [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$STAMP" -print -quit 2>/dev/null)" ]
}

build() {
  mkdir -p "$ROOT/cli/target"
  local log; log=$(mktemp)
  if ! (cd "$ROOT" && "$MVN" -B -q -ntp -DskipTests -pl cli -am package dependency:build-classpath \
          -Dmdep.outputFile=target/classpath.txt -Dmdep.excludeScope=test) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "build failed (Maven output above)"
  fi
  mv "$log" "$BUILD_LOG"
  touch "$STAMP"
}

run_tests() {
  local log stamp; log=$(mktemp); stamp=$(mktemp)
  local status=0
  # Every module's tests run even when an earlier module has failures (the count below decides).
  # Surefire's per-class lines and the failures reach the user; Maven's chatter does not.
  (cd "$ROOT" && "$MVN" -B -ntp -Dstyle.color=never -Dmaven.test.failure.ignore=true test "$@") >"$log" 2>&1 || status=$?
  grep -E '^\[(INFO|ERROR|WARNING)\] (Tests run:|Running |Tests in error|Failures:|Errors:|  [A-Za-z].*(»|:[0-9]+))|^\[ERROR\] .*(FAIL|Tests run)|COMPILATION ERROR' "$log" \
    | sed -E 's/^\[(INFO|ERROR|WARNING)\] //' || true
  if [ "$status" -ne 0 ] && ! grep -q 'Tests run:' "$log"; then
    echo "---- Maven output ----"; tail -n 60 "$log"
  fi
  local passed=0 failed=0 skipped=0 f t fl er sk
  while IFS= read -r f; do
    t=$(sed -n 's/.*<testsuite[^>]* tests="\([0-9]*\)".*/\1/p' "$f" | head -n1)
    fl=$(sed -n 's/.*<testsuite[^>]* failures="\([0-9]*\)".*/\1/p' "$f" | head -n1)
    er=$(sed -n 's/.*<testsuite[^>]* errors="\([0-9]*\)".*/\1/p' "$f" | head -n1)
    sk=$(sed -n 's/.*<testsuite[^>]* skipped="\([0-9]*\)".*/\1/p' "$f" | head -n1)
    failed=$((failed + ${fl:-0} + ${er:-0})); skipped=$((skipped + ${sk:-0}))
    passed=$((passed + ${t:-0} - ${fl:-0} - ${er:-0} - ${sk:-0}))
  done < <(find "$ROOT" -path '*/target/surefire-reports/TEST-*.xml' -newer "$stamp" 2>/dev/null)
  rm -f "$log" "$stamp"
  echo "tests: $passed passed, $failed failed, $skipped skipped"
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  [ "$failed" -eq 0 ]
}

case "${1:-help}" in
  test)
    shift
    run_tests "$@"
    exit $?
    ;;
  build)
    build
    exit 0
    ;;
esac

if stale; then build; fi
CP="$ROOT/cli/target/classes:$(cat "$CLASSPATH_FILE")"
# The JVM announces incubator modules on every start; that line is noise for a user.
exec "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" ${MAKO_JAVA_OPTS:-} -cp "$CP" "$MAIN_CLASS" "$@" \
  2> >(grep --line-buffered -v '^WARNING: Using incubator modules' >&2)
