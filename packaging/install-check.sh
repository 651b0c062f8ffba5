#!/usr/bin/env bash
# Install check: installs the Debian package built from a build directory with apt into a fresh
# Debian 13 root and uses it there the way a user would: `sovereign --version`, `sovereign db`
# (which must read its data files from /usr/share/sovereign-workbench), a headless `sovereign run`
# on the bundled demo corpus, and the workbench started offscreen.
#
#   packaging/install-check.sh BUILD_DIR
#
# Registered as the CTest test `install_check` with the label `install-check`, which `./dev test`
# leaves out; `./dev install-check` runs it (README, "Install"). Needs root, network access to the
# Debian mirror the first time, and runs inside the build root.
#
# The minimal Debian 13 root (debootstrap --variant=minbase, as ./dev makes the build root) and the
# downloaded .debs are cached in $SOVEREIGN_INSTALL_CHECK_CACHE (default
# /var/cache/sovereign-install-check); each run installs into a fresh copy of that root, which is
# removed afterwards. The cached root's package lists are refreshed once a day.
set -euo pipefail

BUILD="$(cd "${1:?usage: install-check.sh BUILD_DIR}" && pwd -P)"
CACHE="${SOVEREIGN_INSTALL_CHECK_CACHE:-/var/cache/sovereign-install-check}"
MIRROR="${SOVEREIGN_MIRROR:-http://deb.debian.org/debian}"
SUITE=trixie
BASE="$CACHE/base"

say() { printf 'install-check: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "needs root (run it through ./dev install-check)"
for tool in debootstrap dpkg-deb unshare chroot flock; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

# ---- 1. the package (made by packaging/build-package.sh: the package_lint test or ./dev package) --
DEB="$(ls "$BUILD"/packages/sovereign-workbench_*.deb 2>/dev/null | head -n1)"
[[ -f "$DEB" ]] || die "no package in $BUILD/packages: run ./dev package (or ctest -L install-check) first"
VERSION="$(dpkg-deb --field "$DEB" Version)"
say "package: $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"

# ---- 2. the cached minimal root ---------------------------------------------------------------
mkdir -p "$CACHE/archives/partial"
exec 9>"$CACHE/.lock"
flock -x 9

# Runs a script inside ROOT in a private mount namespace: /proc, a few device nodes and the apt
# archive cache are mounted for the script only and vanish with it, so nothing stays mounted
# under ROOT when it is copied or removed.
in_chroot() {
  local root="$1"; shift
  # --propagation private needs / to be a mount point, which it is not inside the build root's
  # chroot; there the enclosing namespace is private already. On a host, / is made private here.
  unshare --mount --propagation unchanged -- bash -s "$root" "$CACHE/archives" "$@" <<'EOS'
set -e
root="$1"; archives="$2"; shift 2
if mountpoint -q /; then mount --make-rprivate /; fi
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=0755,size=1m dev "$root/dev"
for d in null zero full random urandom tty; do
  touch "$root/dev/$d" && mount --bind "/dev/$d" "$root/dev/$d"
done
mkdir -p "$root/dev/pts" "$root/dev/shm" && mount -t tmpfs shm "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
mkdir -p "$root/var/cache/apt/archives" && mount --bind "$archives" "$root/var/cache/apt/archives"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
EOS
}

if [[ ! -x "$BASE/usr/bin/apt-get" ]]; then
  say "creating the cached Debian 13 root in $BASE (once, a few minutes)"
  rm -rf "$BASE.partial"
  debootstrap --variant=minbase "$SUITE" "$BASE.partial" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $CACHE/debootstrap.log"
  cat >"$BASE.partial/etc/apt/apt.conf.d/90install-check" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Dpkg::Use-Pty "0";
Binary::apt::APT::Keep-Downloaded-Packages "true";
APT::Keep-Downloaded-Packages "true";
EOF
  rm -f "$BASE.partial/.lists-updated"
  mv "$BASE.partial" "$BASE"
fi
if [[ -z "$(find "$BASE/.lists-updated" -mmin -1440 2>/dev/null)" ]]; then
  say "refreshing the package lists of the cached root"
  in_chroot "$BASE" apt-get update -qq >"$CACHE/apt-update.log" 2>&1 || die "apt-get update failed; see $CACHE/apt-update.log"
  touch "$BASE/.lists-updated"
fi

# ---- 3. a fresh copy, the package installed with apt ------------------------------------------
RUN="$(mktemp -d "$CACHE/run.XXXXXX")"
cleanup() {
  # Nothing is mounted under RUN outside in_chroot; refuse to remove it if something is.
  if grep -qF " $RUN/" /proc/self/mounts; then say "left $RUN in place: something is still mounted there"; return; fi
  rm -rf "$RUN"
}
trap cleanup EXIT
cp -a "$BASE/." "$RUN/"
cp "$DEB" "$RUN/tmp/package.deb"

say "installing $(basename "$DEB") with apt into a fresh root"
in_chroot "$RUN" apt-get install -y -q /tmp/package.deb >"$CACHE/apt-install.log" 2>&1 \
  || { tail -n 30 "$CACHE/apt-install.log" >&2; die "apt-get install of the package failed"; }

# ---- 4. use it as a user would ----------------------------------------------------------------
say "using the installed package as an ordinary user"
cat >"$RUN/tmp/check.sh" <<'EOS'
set -u
fail() { echo "install-check (in the root): $*" >&2; exit 1; }
version="$1"
export HOME=/home/owner USER=owner LOGNAME=owner XDG_RUNTIME_DIR=/tmp/owner-runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cd "$HOME"

for f in /usr/bin/sovereign /usr/bin/sovereign-workbench \
         /usr/share/applications/org.sovereign.Workbench.desktop \
         /usr/share/metainfo/org.sovereign.Workbench.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/org.sovereign.Workbench.svg \
         /usr/share/icons/hicolor/48x48/apps/org.sovereign.Workbench.png \
         /usr/share/man/man1/sovereign.1.gz /usr/share/man/man1/sovereign-workbench.1.gz \
         /usr/share/sovereign-workbench/corpus/demo.jsonl \
         /usr/share/sovereign-workbench/prompts/planner.v1.md \
         /usr/share/sovereign-workbench/contracts/quality-tiers.json; do
  [ -f "$f" ] || fail "$f is not installed"
done

out="$(sovereign --version)" || fail "sovereign --version exited with $?"
[ "$out" = "sovereign $version" ] || fail "sovereign --version printed '$out', expected 'sovereign $version'"
echo "$out"

db="$HOME/check.sqlite"
out="$(sovereign --db "$db" db)" || fail "sovereign db exited with $?: $out"
echo "$out" | grep -qx 'data: *\/usr\/share\/sovereign-workbench' \
  || fail "sovereign db does not read its data files from /usr/share/sovereign-workbench: $out"

out="$(sovereign --db "$db" run --source 2404.90103 --question "Does token scheduling raise MoE throughput?" 2>&1)" \
  || fail "sovereign run exited with $?: $out"
echo "$out" | tail -n 6
echo "$out" | grep -q '^queue: ' || fail "sovereign run did not say where the draft went"
n="$(sovereign --db "$db" --json drafts list --queue all | grep -c '"srch_id"')"
[ "$n" -ge 1 ] || fail "the run left no draft in the database"

# The workbench must come up offscreen and stay up; it fills the empty corpus of its new database
# with the demo papers on its own, which shows it got past its start.
gui="$HOME/gui.sqlite"
QT_QPA_PLATFORM=offscreen timeout 12 sovereign-workbench --db "$gui" >"$HOME/gui.log" 2>&1
rc=$?
[ "$rc" -eq 124 ] || { cat "$HOME/gui.log" >&2; fail "sovereign-workbench exited with $rc instead of staying up"; }
if grep -qiE 'could not (load|find)|failed to start|cannot|error' "$HOME/gui.log"; then
  cat "$HOME/gui.log" >&2; fail "sovereign-workbench complained at start"
fi
stats="$(sovereign --db "$gui" corpus stats)" || fail "corpus stats on the workbench's database failed"
echo "$stats" | grep -qE '^papers: +[1-9]' || fail "the workbench did not load the demo corpus: $stats"
echo "workbench: started offscreen, stayed up, loaded the demo corpus"

[ -f /usr/share/sovereign-workbench/translations/sovereign_de.qm ] || fail "the German translation is not installed"
out="$(LANG=de_DE.UTF-8 QT_QPA_PLATFORM=offscreen sovereign-workbench --help 2>&1)" || fail "sovereign-workbench --help exited with $?"
echo "$out" | grep -q 'SOVEREIGN-Entwürfe prüfen' || fail "LANG=de_DE.UTF-8 does not give the German user interface: $out"
echo "workbench: German with LANG=de_DE.UTF-8"
EOS
in_chroot "$RUN" bash -c 'useradd --create-home --shell /bin/bash owner && chmod 755 /tmp/check.sh &&
  runuser -u owner -- bash /tmp/check.sh "$1"' bash "$VERSION" \
  || die "the installed package does not work (see above)"
say "passed: $(basename "$DEB") installs into a fresh Debian 13 root and works there"
