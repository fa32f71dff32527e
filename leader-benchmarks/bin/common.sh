# Sourced by the benchmark commands: builds the module (and what it needs) without
# installing anything, then runs a class on its classpath from leader-benchmarks/.
set -euo pipefail
bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$(cd "$bench_dir/.." && pwd)"

bench_build() {
	if [ "${BENCH_SKIP_BUILD:-false}" != "true" ]; then
		(cd "$root_dir" && ./mvnw -B -ntp -q -pl leader-benchmarks -am -DskipTests package)
	fi
}

bench_java() {
	cd "$bench_dir"
	exec java -XX:+UseSerialGC -Xmx512m -cp "target/classes:$(cat target/classpath.txt)" "$@"
}
