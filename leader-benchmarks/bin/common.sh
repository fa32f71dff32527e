# Sourced by the benchmark commands: builds the module (and what it needs) without
# installing anything, then runs a class on its classpath from leader-benchmarks/.
# Works on a fresh clone with only a JDK 17+: ./mvnw downloads Maven and the dependencies
# (MAVEN_ARGS, e.g. "-Dmaven.repo.local=/tmp/m2", and MAVEN_OPTS reach it).
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "$bench_dir/.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$java" >/dev/null 2>&1; then
	echo "benchmarks: no java found; install a JDK 17+ or set JAVA_HOME" >&2
	exit 1
fi

bench_build() {
	if [ "${BENCH_SKIP_BUILD:-false}" != "true" ]; then
		echo "benchmarks: building leader-benchmarks and what it needs (./mvnw -q -DskipTests package -pl leader-benchmarks -am;" \
			"the first build downloads Maven and every dependency, a few minutes)"
		(cd "$root_dir" && ./mvnw -B -ntp -q -pl leader-benchmarks -am -DskipTests package)
	fi
	if [ ! -f "$bench_dir/target/classpath.txt" ]; then
		echo "benchmarks: $bench_dir/target/classpath.txt is missing; run without BENCH_SKIP_BUILD=true to build it" >&2
		exit 1
	fi
}

bench_java() {
	cd "$bench_dir"
	exec "$java" -XX:+UseSerialGC -Xmx512m -cp "target/classes:$(cat target/classpath.txt)" "$@"
}
