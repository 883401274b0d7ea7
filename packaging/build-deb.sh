#!/usr/bin/env bash
# Builds cion_VERSION_amd64.deb with dpkg-deb: the four programs compiled ahead of time
# (NativeAOT: no .NET needed on the server) into /usr/lib/cion with libgit2, the units, the
# default config as a conffile, docs and the maintainer scripts from packaging/debian/.
# Usage: packaging/build-deb.sh [OUTDIR]   (default: out)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
outdir=$(realpath -m "${1:-out}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/cion_${version}_amd64"

for project in Cion.Hook Cion.Daemon Cion.Web Cion.Runner; do
  dotnet publish "$project/$project.csproj" -c Release -r linux-x64 --self-contained \
    -p:DebugType=none -o "$root/usr/lib/cion" --nologo -v quiet
done
# Native programs' symbols come out as separate files nobody installs.
rm -f "$root/usr/lib/cion/"*.dbg "$root/usr/lib/cion/"*.pdb
install -d "$root/usr/bin" "$root/usr/sbin"
ln -s ../lib/cion/cion "$root/usr/bin/cion"
ln -s ../lib/cion/ciond "$root/usr/sbin/ciond"
ln -s ../lib/cion/cion-web "$root/usr/bin/cion-web"
install -D -m 0644 packaging/debian/cion.yml "$root/etc/cion/cion.yml"
# cion-runner runs on Swarm nodes, in an image a site builds from these two files for its registry.
install -D -m 0644 packaging/runner/Dockerfile "$root/usr/share/cion/runner/Dockerfile"
install -D -m 0644 systemd/ciond.service "$root/lib/systemd/system/ciond.service"
install -D -m 0644 systemd/cion-web.service "$root/lib/systemd/system/cion-web.service"
doc="$root/usr/share/doc/cion"
install -d "$doc"
gzip -9n -c README.md >"$doc/README.md.gz"
gzip -9n -c docs/swarm.md >"$doc/swarm.md.gz"
install -m 0644 packaging/debian/copyright "$doc/copyright"
printf 'cion (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- cion developers <dev@cion.invalid>  %s\n' \
  "$version" "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
  | gzip -9n >"$doc/changelog.gz"
install -D -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/cion"
# Published files come out executable or not by accident; make the modes what Debian expects.
find "$root/usr/lib/cion" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/lib/cion/cion" "$root/usr/lib/cion/ciond" "$root/usr/lib/cion/cion-web" "$root/usr/lib/cion/cion-runner"
# Native libraries from NuGet packages come with symbols; Debian ships them stripped.
find "$root/usr/lib/cion" -name '*.so' -exec strip --strip-unneeded {} +

install -d "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" packaging/debian/control.in >"$root/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "packaging/debian/$script" "$root/DEBIAN/$script"; done

mkdir -p "$outdir"
dpkg-deb --root-owner-group -Zxz --build "$root" "$outdir/cion_${version}_amd64.deb" >/dev/null
echo "$outdir/cion_${version}_amd64.deb"
