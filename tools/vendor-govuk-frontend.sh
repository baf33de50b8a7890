#!/usr/bin/env bash
# Rebuild assets/govuk/ from the govuk-frontend npm package (MIT).
#
# The stylesheet is compiled from govuk-frontend's Sass with Arial as the typeface:
# the GDS Transport font and the crown/crest artwork in the package are licensed for
# services on the GOV.UK domain only, and this dashboard is not one, so neither is
# shipped. Only the compiled stylesheet and the licence are kept.
#
# Usage: tools/vendor-govuk-frontend.sh [GOVUK_FRONTEND_VERSION] [SASS_VERSION]
set -euo pipefail

GOVUK_VERSION="${1:-6.6.0}"
SASS_VERSION="${2:-1.108.2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/assets/govuk"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "govuk-frontend@$GOVUK_VERSION" "sass@$SASS_VERSION"

cat > entry.scss <<SCSS
@use "govuk-frontend/dist/govuk" with (
  \$govuk-font-family: (arial, sans-serif),
  \$govuk-assets-path: "/assets/govuk/"
);
SCSS

mkdir -p "$OUT"
npx sass --style=compressed --no-source-map --load-path=node_modules \
  --silence-deprecation=import entry.scss "$OUT/govuk-frontend.min.css"

cat > "$OUT/LICENCE.txt" <<TXT
GOV.UK Frontend $GOVUK_VERSION (npm package govuk-frontend)
https://github.com/alphagov/govuk-frontend

govuk-frontend.min.css is compiled from the package's Sass with
\$govuk-font-family: arial, sans-serif, so it contains no @font-face rules;
the GDS Transport font files and the crown/crest images are not included.

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
TXT

echo "wrote $OUT/govuk-frontend.min.css ($(wc -c < "$OUT/govuk-frontend.min.css") bytes)"
