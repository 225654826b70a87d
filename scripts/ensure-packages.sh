#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing: Chromium and its WebDriver
# (the console's browser tests) and poppler-utils (the PDF report's rendering test). The tests
# that need them never skip, so a machine without them must get them or fail loudly here.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if ((${#missing[@]})); then
  echo "Installing ${missing[*]} with apt…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q "${missing[@]}" >&2
fi
for tool in chromium chromedriver pdftoppm pdftotext; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing; the tests need it." >&2; exit 1; }
done
echo "Browser and PDF tools ready: $(chromium --version 2>/dev/null | head -n 1)." >&2
