#!/usr/bin/env bash
# Regenerates the bundle icons from source.svg (needs rsvg-convert from librsvg2-bin and
# Python's Pillow). The outputs are committed; run this only after changing source.svg.
set -euo pipefail
cd "$(dirname "$0")"
for size in 32 128 256 512 1024; do rsvg-convert -w "$size" -h "$size" source.svg -o "tmp-$size.png"; done
mv tmp-32.png 32x32.png
mv tmp-128.png 128x128.png
mv tmp-256.png 128x128@2x.png
mv tmp-512.png icon.png
python3 - <<'PY'
from PIL import Image
big = Image.open("tmp-1024.png")
big.save("icon.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
big.save("icon.icns")
PY
rm tmp-1024.png
