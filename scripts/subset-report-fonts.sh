#!/usr/bin/env bash
# Rebuilds the report fonts in resources/report/fonts/ from Debian's DejaVu fonts (fonts-dejavu-core),
# cut down to the characters a report prints (Latin, punctuation, a few symbols) so the repository stays
# small. Needs `apt-get install fonts-dejavu-core python3-fonttools` (Debian's python3). Not part of the build: the results are
# committed; run this only to change the character set.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/dejavu
out=resources/report/fonts
mkdir -p "$out"
# Basic Latin, Latin-1, Latin Extended-A, general punctuation, superscripts, currency (€), letterlike,
# arrows, math operators (− ≠ ≤ ≥ ≈), box/geometric shapes used as markers, check and cross marks, warning sign.
unicodes='U+0020-007E,U+00A0-017F,U+0218-021B,U+02C6-02DD,U+2000-206F,U+2070-209F,U+20AC,U+2100-214F,U+2190-21FF,U+2212-2219,U+2248,U+2260-2265,U+25A0-25CF,U+26A0,U+2713-2718,U+FFFD'
for name in DejaVuSans DejaVuSans-Bold DejaVuSansMono; do
  /usr/bin/python3 -m fontTools.subset "$src/$name.ttf" --unicodes="$unicodes" --output-file="$out/$name.ttf" \
    --layout-features='kern' --no-hinting --name-IDs='*' --name-legacy --name-languages='*' --notdef-outline
done
ls -l "$out"
