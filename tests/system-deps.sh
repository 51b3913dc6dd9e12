#!/bin/sh
# Installs the programs the tests drive, from Debian's packages, when they are missing:
# chromium (browser tests, through Playwright), jing (Atom schema), a Java runtime
# (the Nu Html Checker), Node.js and npm (to install vnu-jar and axe-core from npm), poppler-utils
# (pdftotext and pdftoppm read back the printed plan; pdftoppm renders scanned PDFs for OCR),
# tesseract-ocr with its Vietnamese data (tesseract-ocr-vie: `plansite import` of a scanned PDF).
# Needs root (apt-get); says what to install otherwise.
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v jing >/dev/null 2>&1 || missing="$missing jing"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v tesseract >/dev/null 2>&1 || missing="$missing tesseract-ocr"
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata 2>/dev/null)" ] || missing="$missing tesseract-ocr-vie"
[ -e /usr/lib/x86_64-linux-gnu/libical.so.3 ] || [ -n "$(ls /usr/lib/*/libical.so.3 2>/dev/null)" ] || missing="$missing libical3"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing programs for the tests:$missing. Install them: sudo apt-get install$missing" >&2
  exit 1
fi
echo "Installing$missing (apt-get)…" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
