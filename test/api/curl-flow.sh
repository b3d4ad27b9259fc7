#!/bin/sh
# The API as a script would use it, with curl only (JSON parsed by `node -e`):
#   token → list unresolved issues → resolve one → it is gone from `is:unresolved` (and in `is:resolved`).
#
# Usage: test/api/curl-flow.sh [BASE_URL] [TOKEN] [ORG] [PROJECT]
#   or FAULTLINE_URL, FAULTLINE_TOKEN, FAULTLINE_ORG, FAULTLINE_PROJECT in the environment.
#   ORG/PROJECT default to the first organization / project the token sees.
# Exits non-zero with a message on the first failed check. Needs at least one unresolved issue.
set -eu

BASE=${1:-${FAULTLINE_URL:-http://127.0.0.1:8000}}
TOKEN=${2:-${FAULTLINE_TOKEN:-}}
ORG=${3:-${FAULTLINE_ORG:-}}
PROJECT=${4:-${FAULTLINE_PROJECT:-}}
BASE=${BASE%/}
[ -n "$TOKEN" ] || { echo "curl-flow: a token is required (argument 2 or FAULTLINE_TOKEN)" >&2; exit 2; }

fail() { echo "curl-flow: FAIL: $*" >&2; exit 1; }

# api METHOD PATH [JSON]: prints the body; fails unless the status is 2xx.
api() {
  out=$(mktemp)
  if [ $# -ge 3 ]; then
    code=$(curl -sS -o "$out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data "$3" "$BASE$2")
  else
    code=$(curl -sS -o "$out" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" "$BASE$2")
  fi
  body=$(cat "$out"); rm -f "$out"
  case "$code" in 2??) printf '%s' "$body" ;; *) fail "$1 $2 → HTTP $code: $body" ;; esac
}

# json EXPR: evaluates EXPR with `d` = the JSON read from stdin; prints strings raw, the rest as JSON.
json() {
  node -e '
    let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => {
      const d = JSON.parse(s); const v = eval(process.argv[1]);
      process.stdout.write(typeof v === "string" ? v : JSON.stringify(v ?? null));
    });' "$1"
}

echo "1. token check: GET /api/0/"
who=$(api GET /api/0/ | json 'd.user ? d.user.email : (d.auth ? "organization token" : "")')
[ -n "$who" ] || fail "the token is not accepted"
echo "   authenticated as $who"

if [ -z "$ORG" ]; then
  ORG=$(api GET /api/0/organizations/ | json 'd[0] && d[0].slug')
  [ -n "$ORG" ] && [ "$ORG" != null ] || fail "no organization visible"
fi
if [ -z "$PROJECT" ]; then
  PROJECT=$(api GET "/api/0/organizations/$ORG/projects/" | json 'd[0] && d[0].slug')
  [ -n "$PROJECT" ] && [ "$PROJECT" != null ] || fail "no project visible in $ORG"
fi
ISSUES="/api/0/projects/$ORG/$PROJECT/issues/"

echo "2. list unresolved issues of $ORG/$PROJECT"
list=$(api GET "$ISSUES?query=is%3Aunresolved&statsPeriod=24h")
count=$(printf '%s' "$list" | json 'd.length')
[ "$count" -gt 0 ] || fail "no unresolved issues to resolve"
id=$(printf '%s' "$list" | json 'd[0].id')
short=$(printf '%s' "$list" | json 'd[0].shortId')
echo "   $count unresolved; resolving $short (id $id)"

echo "3. resolve it: PUT /api/0/issues/$id/"
status=$(api PUT "/api/0/issues/$id/" '{"status":"resolved"}' | json 'd.status')
[ "$status" = resolved ] || fail "issue $id has status $status after resolving"

echo "4. it is gone from is:unresolved"
after=$(api GET "$ISSUES?query=is%3Aunresolved")
still=$(printf '%s' "$after" | json "d.some((i) => i.id === '$id')")
[ "$still" = false ] || fail "issue $id is still listed as unresolved"
left=$(printf '%s' "$after" | json 'd.length')
[ "$left" -eq $((count - 1)) ] || [ "$count" -gt 25 ] || fail "expected $((count - 1)) unresolved issues, got $left"

echo "5. and listed under is:resolved"
found=$(api GET "$ISSUES?query=is%3Aresolved" | json "d.some((i) => i.id === '$id')")
[ "$found" = true ] || fail "issue $id is not listed as resolved"

echo "curl-flow: OK ($short resolved; $left unresolved left)"
