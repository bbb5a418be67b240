# Shared by scripts/run and scripts/test (sourced, not run): installs the Debian 12 packages that
# are missing and builds NormScope in build/release. Idempotent: with everything present it only
# runs an incremental build.

NORMSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NORMSCOPE_BUILD="$NORMSCOPE_ROOT/build/release"

NORMSCOPE_BUILD_PACKAGES=(
  cmake ninja-build g++ pkg-config ccache
  qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
  libqcustomplot-dev libeigen3-dev libgl-dev libzip-dev nlohmann-json3-dev libhwy-dev libtbb-dev
  fonts-wqy-microhei qt6-translations-l10n
)
NORMSCOPE_TEST_PACKAGES=(python3 python3-numpy python3-torch python3-pil poppler-utils)
# scripts/fuzz: clang and its runtime (libFuzzer, ASan, UBSan) for the targets in tests/fuzz.
NORMSCOPE_FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)
# scripts/sanitize: the same clang and runtime (clang compiles the suite faster than g++ and keeps
# symbolized stacks with line tables only), and LLVM's linker lld, which links the ~60 sanitized
# test executables several times faster than GNU ld.
NORMSCOPE_SANITIZE_PACKAGES=(clang-14 libclang-rt-14-dev lld-14)
# scripts/memory-budget: a private X server and key presses, to switch norms in the window.
NORMSCOPE_MEMORY_PACKAGES=(xvfb xdotool python3 python3-numpy)

normscope_missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

normscope_install_packages() {
  local missing
  missing=$(normscope_missing_packages "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "== installing Debian packages:" $missing
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

# normscope_build [PRESET [TARGET...]]: configures once, then builds (default: release, everything).
normscope_build() {
  local preset="${1:-release}"
  shift || true
  cd "$NORMSCOPE_ROOT" || return 1
  if [ ! -f "$NORMSCOPE_ROOT/build/$preset/CMakeCache.txt" ]; then
    cmake --preset "$preset" >/dev/null || return 1
  fi
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
}
