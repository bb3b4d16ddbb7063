#!/usr/bin/env bash
# Fetch a catalogue base image: `scripts/pull-image.sh ubuntu-22.04` (what `make image IMAGE=...` runs).
#
# When the service is running it asks it to pull (POST /api/images/<id>/pull) and follows the progress,
# so the download is resumed, verified and recorded exactly as the API does it. When it is not running it
# downloads with curl into the same partial file (so either path can resume the other), verifies the
# SHA-256 against the published SHA256SUMS (sha256sum, or shasum on macOS), and only then moves the file into place.
#
# Environment: EC2_HTTP_PORT (8000), EC2_HOME (~/.ec2-as-service), EC2_IMAGES_BASE_URL
# (https://cloud-images.ubuntu.com/releases) — the same names the service reads.
set -euo pipefail

IMAGE="${1:-${IMAGE:-}}"
PORT="${EC2_HTTP_PORT:-8000}"
API="http://127.0.0.1:${PORT}/api"
HOME_DIR="${EC2_HOME:-$HOME/.ec2-as-service}"
BASE_URL="${EC2_IMAGES_BASE_URL:-https://cloud-images.ubuntu.com/releases}"
BASE_URL="${BASE_URL%/}"

die() { echo "pull-image: $*" >&2; exit 1; }
# portable between GNU (Linux) and BSD (macOS) userlands: no sha256sum or stat -c on a stock Mac
sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
size_of() { wc -c <"$1" | tr -d ' '; }

[[ -n "$IMAGE" ]] || die "usage: $0 <image id>, e.g. $0 ubuntu-22.04"
command -v curl >/dev/null || die "curl is required"

# The value of a string or number field in the service's compact JSON (no jq needed).
field() {
  sed -n "s/.*\"$1\":\(\"\(\([^\"\\\\]\|\\\\.\)*\)\"\|\([0-9]*\)\).*/\2\4/p" <<<"$2" | head -n1
}

human() { awk -v b="${1:-0}" 'BEGIN { split("B KiB MiB GiB", u); i = 1; while (b >= 1024 && i < 4) { b /= 1024; i++ } printf "%.1f %s", b, u[i] }'; }

via_service() {
  local out code body status detail done total
  out="$(curl -sS -X POST -w '\n%{http_code}' "$API/images/$IMAGE/pull")" || die "the service stopped answering"
  code="${out##*$'\n'}"
  body="${out%$'\n'*}"
  case "$code" in
    200) echo "$IMAGE is already available: $(field file_path "$body")"; return 0 ;;
    202) echo "pulling $IMAGE through the service on port $PORT" ;;
    409)
      # the other refusals (file over the size cap, not enough disk) end here with their reason
      [[ "$(field type "$body")" == *:pull-in-progress ]] || die "the service refused: $(field detail "$body")"
      echo "a pull of $IMAGE is already running; following it" ;;
    *) die "the service refused (HTTP $code): $(field detail "$body")" ;;
  esac
  while true; do
    body="$(curl -sS "$API/images/$IMAGE")" || die "the service stopped answering; run this again to resume"
    status="$(field status "$body")"
    detail="$(field status_detail "$body")"
    case "$status" in
      available)
        printf '\n%s is available: %s\n' "$IMAGE" "$(field file_path "$body")"
        return 0 ;;
      error | missing)
        printf '\n'
        die "pull of $IMAGE failed: ${detail:-$status}" ;;
      *)
        done="$(field bytes_done "$body")"
        total="$(field bytes_total "$body")"
        if [[ -n "$total" && "$total" -gt 0 ]]; then
          printf '\r%s: %s of %s (%d%%)   ' "${detail:-$status}" "$(human "$done")" "$(human "$total")" \
            "$((done * 100 / total))"
        else
          printf '\r%s   ' "${detail:-$status}"
        fi ;;
    esac
    sleep 2
  done
}

standalone() {
  local arch version file url sums dir part expected actual curl_ok=1
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) die "no catalogue images for architecture $(uname -m)" ;;
  esac
  case "$IMAGE" in
    ubuntu-22.04 | ubuntu-20.04) version="${IMAGE#ubuntu-}" ;;
    *) die "unknown catalogue image '$IMAGE' (known: ubuntu-22.04, ubuntu-20.04)" ;;
  esac
  command -v sha256sum >/dev/null || command -v shasum >/dev/null || die "sha256sum or shasum is required"
  file="ubuntu-${version}-server-cloudimg-${arch}.img"
  url="$BASE_URL/$version/release/$file"
  sums="$BASE_URL/$version/release/SHA256SUMS"
  dir="$HOME_DIR/images"
  part="$dir/.$file.part"
  mkdir -p "$dir"
  if [[ -f "$dir/$file" ]]; then
    echo "$IMAGE is already present: $dir/$file"
    return 0
  fi
  echo "the service is not running on port $PORT; downloading $url"
  expected="$(curl -fsSL --retry 3 "$sums" | awk -v f="$file" '$2 == "*" f || $2 == f { print tolower($1) }' | head -n1)" \
    || die "cannot fetch the checksum list $sums"
  [[ -n "$expected" ]] || die "the checksum list $sums has no entry for $file"
  # -C - resumes the partial file, whether this script or the service left it
  curl -fL --retry 5 --retry-delay 5 -C - -o "$part" "$url" || curl_ok=0
  [[ -f "$part" ]] || die "download of $url failed"
  echo "verifying SHA-256"
  actual="$(sha256_of "$part")"
  if [[ "$actual" != "$expected" ]]; then
    if [[ "$curl_ok" == 0 ]]; then
      die "download interrupted ($(human "$(size_of "$part")") kept in $part); run this again to resume"
    fi
    rm -f "$part"
    die "SHA-256 mismatch for $file: expected $expected, got $actual; the download was deleted"
  fi
  mv -f "$part" "$dir/$file"
  echo "$IMAGE is available: $dir/$file (the service checks it again when it starts)"
}

# Any HTTP answer, even 503 while libvirt is down, means the service is there to do the work.
if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$API/monitor/health" || true)" != "000" ]]; then
  via_service
else
  standalone
fi
