#!/bin/sh
# Every link in README.md and docs/*.md that is not to a public web page
# leads to a file of the repository, and nothing points at ../shared (which
# a clone does not have).  One TAP test per document.
: "${SRCDIR:=.}"
set -u
. "$(dirname "$0")/tap.sh"
docs=$(cd "$SRCDIR" && ls README.md docs/*.md)
echo "1..$(echo "$docs" | wc -l)"
for d in $docs; do
  dir=$(dirname "$d")
  bad=""
  # Markdown links and images: ](target) ; drop #anchors; skip URLs.
  for target in $(grep -o '](\([^)]*\))' "$SRCDIR/$d" | sed 's/^](//; s/)$//; s/#.*//'); do
    case "$target" in
      http://*|https://*|mailto:*|'') continue ;;
    esac
    [ -e "$SRCDIR/$dir/$target" ] || bad="$bad $target"
  done
  if grep -q '\.\./shared' "$SRCDIR/$d"; then
    bad="$bad ../shared"
  fi
  if [ -z "$bad" ]; then
    ok "$d: every link leads to a file of the repository"
  else
    notok "$d: every link leads to a file of the repository" "missing:$bad"
  fi
done
exit 0
