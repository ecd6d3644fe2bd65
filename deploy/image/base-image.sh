#!/usr/bin/env bash
# Builds the image's base where no container registry is reachable (as in CI): Debian bookworm (minbase) with
# OpenJDK 17's headless JRE, from Debian's packages, packed as a docker-archive tar that Jib takes as
# -Djib.base.image=tar://FILE. Needs root and debootstrap (apt-get install debootstrap).
#   deploy/image/base-image.sh [OUT.tar]     (default: deploy/cli/target/base-image.tar)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:-$HERE/../cli/target/base-image.tar}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ROOTFS="$(mktemp -d)"
trap 'rm -rf "$ROOTFS"' EXIT

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$ROOTFS" "$MIRROR" >&2
# What an image does not need: package caches and lists, documentation, locales but C.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* \
  "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*
mkdir -p "$(dirname "$OUT")"
python3 "$HERE/docker_archive.py" "$ROOTFS" "$OUT" ontobridge-base:17-jre
