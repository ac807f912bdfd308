#!/usr/bin/env bash
# Vendor the CJK font the server draws chart images with (the weekly bulletin's trend chart) into
# dashboards/fonts/ from the npm package @fontsource/noto-sans-sc (SIL Open Font License): its
# "chinese-simplified" and "latin" WOFF subsets, converted to TrueType with fontTools so that
# matplotlib renders Chinese labels on a machine with no fonts installed. Committed, like static/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."

NOTO_SANS_SC=5.3.0
PY=${PY:-.venv/bin/python}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@fontsource/noto-sans-sc@$NOTO_SANS_SC" >/dev/null)
tar -xzf "$work"/fontsource-noto-sans-sc-$NOTO_SANS_SC.tgz -C "$work" \
  package/files/noto-sans-sc-chinese-simplified-400-normal.woff package/files/noto-sans-sc-latin-400-normal.woff package/LICENSE

dest=dashboards/fonts
rm -rf "$dest" && mkdir -p "$dest"
for subset in chinese-simplified latin; do
  "$PY" - "$work/package/files/noto-sans-sc-$subset-400-normal.woff" "$dest/NotoSansSC-$subset.ttf" <<'PYTHON'
import sys
from fontTools.ttLib import TTFont

font = TTFont(sys.argv[1])
font.flavor = None  # WOFF → plain OpenType/TrueType
font.save(sys.argv[2])
PYTHON
done
cp "$work/package/LICENSE" "$dest/LICENSE"
echo "@fontsource/noto-sans-sc $NOTO_SANS_SC (chinese-simplified, latin; 400)" > "$dest/VERSION"
echo "vendored into $dest:"; ls -la "$dest"
