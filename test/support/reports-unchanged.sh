#!/usr/bin/env bash
# Tests write only under temporary folders (the CLI's --reports/--out, a temp root), never into the
# checkout's reports/, which holds a user's run folders and index.html. test/run-all.sh takes a
# snapshot before the suite and checks it after:
#
#   test/support/reports-unchanged.sh snapshot FILE   every folder and file under reports/ (size, mtime, sha256)
#   test/support/reports-unchanged.sh check FILE      exit 1, naming what was added, removed or changed since
set -euo pipefail
cd "$(dirname "$0")/../.."

# One line per entry: path, a tab, what it is (folders end in /).
listing() {
  find reports -mindepth 1 -type d -printf '%p/\tfolder\n'
  find reports -type f -printf '%p\t%s %T@\n' | sort | while IFS=$'\t' read -r file stat; do
    printf '%s\t%s %s\n' "$file" "$stat" "$(sha256sum < "$file" | cut -c1-64)"
  done
}

case "${1:-}" in
  snapshot)
    listing | sort > "$2"
    ;;
  check)
    changes="$(listing | sort | awk -F'\t' '
      NR == FNR { before[$1] = $2; next }
      { after[$1] = $2 }
      END {
        for (p in after) if (!(p in before)) print p "\tadded"; else if (before[p] != after[p]) print p "\tchanged"
        for (p in before) if (!(p in after)) print p "\tremoved"
      }' "$2" - | sort |
      # A folder added or removed stands for everything in it.
      awk -F'\t' '{ if (folder != "" && index($1, folder) == 1 && $2 == kind) next; printf "  %-8s %s\n", $2, $1; folder = ""; if ($1 ~ /\/$/) { folder = $1; kind = $2 } }')"
    if [ -n "$changes" ]; then
      echo "The test run changed the checkout's reports/; tests must write under temporary folders (--reports, --out):"
      head -n 40 <<<"$changes"
      [ "$(wc -l <<<"$changes")" -le 40 ] || echo "  … and $(( $(wc -l <<<"$changes") - 40 )) more"
      exit 1
    fi
    ;;
  *)
    echo "usage: $0 snapshot|check FILE" >&2
    exit 2
    ;;
esac
