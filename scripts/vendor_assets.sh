#!/usr/bin/env bash
# Vendor the front-end libraries into static/vendor/ from their npm packages.
# The copied files are committed, so running the portal needs neither npm nor a CDN
# (bureau intranets are often offline). Re-run after changing a version below.
set -euo pipefail
cd "$(dirname "$0")/.."

BOOTSTRAP=5.3.8
HTMX=2.0.11
ECHARTS=6.1.0
TOMSELECT=2.6.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "bootstrap@$BOOTSTRAP" "htmx.org@$HTMX" "echarts@$ECHARTS" "tom-select@$TOMSELECT" >/dev/null)
for tgz in "$work"/*.tgz; do
  name=$(basename "$tgz" .tgz)
  mkdir -p "$work/$name" && tar -xzf "$tgz" -C "$work/$name"
done

dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest/bootstrap/css" "$dest/bootstrap/js" "$dest/htmx" "$dest/echarts" "$dest/tom-select/css" "$dest/tom-select/js"
cp "$work/bootstrap-$BOOTSTRAP/package/dist/css/bootstrap.min.css" "$dest/bootstrap/css/"
cp "$work/bootstrap-$BOOTSTRAP/package/dist/css/bootstrap.min.css.map" "$dest/bootstrap/css/"
cp "$work/bootstrap-$BOOTSTRAP/package/dist/js/bootstrap.bundle.min.js" "$dest/bootstrap/js/"
cp "$work/bootstrap-$BOOTSTRAP/package/dist/js/bootstrap.bundle.min.js.map" "$dest/bootstrap/js/"
cp "$work/bootstrap-$BOOTSTRAP/package/LICENSE" "$dest/bootstrap/LICENSE"
cp "$work/htmx.org-$HTMX/package/dist/htmx.min.js" "$dest/htmx/"
cp "$work/htmx.org-$HTMX/package/LICENSE" "$dest/htmx/LICENSE"
cp "$work/echarts-$ECHARTS/package/dist/echarts.min.js" "$dest/echarts/"
cp "$work/echarts-$ECHARTS/package/LICENSE" "$dest/echarts/LICENSE"
# The "complete" build bundles its two small dependencies (@orchidjs/sifter, unicode-variants).
for f in js/tom-select.complete.min.js css/tom-select.bootstrap5.min.css; do
  cp "$work/tom-select-$TOMSELECT/package/dist/$f" "$work/tom-select-$TOMSELECT/package/dist/$f.map" "$dest/tom-select/${f%%/*}/"
done
cp "$work/tom-select-$TOMSELECT/package/LICENSE" "$dest/tom-select/LICENSE"
cat > "$dest/VERSIONS" <<TXT
bootstrap $BOOTSTRAP
htmx.org $HTMX
echarts $ECHARTS
tom-select $TOMSELECT
TXT
echo "vendored into $dest:"; cat "$dest/VERSIONS"
