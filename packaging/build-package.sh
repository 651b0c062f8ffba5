#!/usr/bin/env bash
# Builds the Debian package from a configured and built build directory and checks it.
#
#   packaging/build-package.sh BUILD_DIR      (./dev package runs it inside the build root)
#
# cpack -G DEB writes BUILD_DIR/packages/sovereign-workbench_VERSION_ARCH.deb; then lintian must
# report no error, and the installed desktop entry and AppStream metadata must validate.
set -euo pipefail

BUILD="$(cd "${1:?usage: build-package.sh BUILD_DIR}" && pwd -P)"
say() { printf 'package: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

rm -f "$BUILD"/packages/sovereign-workbench_*.deb
say "cpack -G DEB in $BUILD"
(cd "$BUILD" && cpack -G DEB >"$BUILD/packages-cpack.log" 2>&1) \
  || { cat "$BUILD/packages-cpack.log" >&2; die "cpack failed (log: $BUILD/packages-cpack.log)"; }
DEB="$(ls "$BUILD"/packages/sovereign-workbench_*.deb 2>/dev/null | head -n1)"
[[ -f "$DEB" ]] || die "cpack made no sovereign-workbench .deb"
say "$DEB ($(du -h "$DEB" | cut -f1))"
dpkg-deb --field "$DEB" Package Version Architecture Depends Recommends | sed 's/^/  /' >&2

if command -v lintian >/dev/null; then
  say "lintian"
  # --fail-on error: errors fail the package; warnings and notes are printed for the reader.
  lintian --fail-on error --display-info "$DEB" >&2 || die "lintian reports errors"
else
  say "lintian is not installed: skipped"
fi

# The validators run on the files as the package ships them.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$DEB" "$tmp"
if command -v desktop-file-validate >/dev/null; then
  out="$(desktop-file-validate "$tmp"/usr/share/applications/*.desktop 2>&1)" || true
  [[ -z "$out" ]] || { printf '%s\n' "$out" >&2; die "desktop-file-validate"; }
  say "desktop-file-validate: ok"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$tmp"/usr/share/metainfo/*.metainfo.xml >&2 || die "appstreamcli validate"
fi
say "ok: $DEB"
