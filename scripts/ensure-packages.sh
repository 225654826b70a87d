#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium and its WebDriver
# (the console's browser tests), poppler-utils (the PDF report's rendering test) and
# fonts-droid-fallback (the PDF report's fallback font for CJK). The tests that need them never
# skip, so a machine without them must get them or fail loudly here.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
droid=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
[[ -f $droid ]] || missing+=(fonts-droid-fallback)
# Droid Sans Fallback has no Hangul: WenQuanYi Micro Hei draws Korean.
microhei=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
[[ -f $microhei ]] || missing+=(fonts-wqy-microhei)

if ((${#missing[@]})); then
  echo "Installing ${missing[*]} with apt…" >&2
  export DEBIAN_FRONTEND=noninteractive
  . "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
  apt_get update -q
  apt_get install -y -q "${missing[@]}"
fi
for tool in chromium chromedriver pdftoppm pdftotext pdffonts; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing; the tests need it." >&2; exit 1; }
done
[[ -f $droid ]] || { echo "$droid (fonts-droid-fallback) is missing; the tests need it." >&2; exit 1; }
[[ -f $microhei ]] || { echo "$microhei (fonts-wqy-microhei) is missing; the tests need it." >&2; exit 1; }
echo "Browser and PDF tools ready: $(chromium --version 2>/dev/null | head -n 1)." >&2
