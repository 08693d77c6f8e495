#!/bin/sh
# make-oracle-data.sh: regenerates the oracle test data under test/data/ from the sources there.
# The tests only read the committed results; they never need these tools.
#
# Tools (Debian 12 "bookworm" packages):
#   apt-get update && apt-get install -y spim qemu-user gcc-mipsel-linux-gnu
#   spim 8.0 (/usr/bin/spim), qemu-mipsel (qemu-user 7.2), mipsel-linux-gnu-gcc 12.
#
# test/data/programs/NAME.s   SPIM programs. For each:
#   spim -file NAME.s < NAME.in (or < /dev/null when there is no NAME.in)
#   NAME.out     spim's stdout, minus the five banner lines spim always prints first:
#                  SPIM Version 8.0 of January 8, 2010
#                  Copyright 1990-2010, James R. Larus.
#                  All Rights Reserved.
#                  See the file README for a full copyright notice.
#                  Loaded: /usr/lib/spim/exceptions.s
#                (the script checks that exactly these lines are what it strips). Everything else,
#                including the "  Exception N  [...]  occurred and ignored" lines that the default
#                handler in /usr/lib/spim/exceptions.s prints via syscalls, is kept.
#   NAME.err     spim's stderr (the simulator's own "Exception occurred at PC=..." notes); only
#                written when non-empty.
#   NAME.status  spim's exit status (0, or the exit2 / syscall 17 status).
#
# test/data/elf/NAME.c        freestanding C programs (runtime in rt.h). For each:
#   mipsel-linux-gnu-gcc $ELF_FLAGS -O1 -o NAME NAME.c -lgcc           (MIPS I)
#   and for NAME in $MIPS32_PROGRAMS also
#   mipsel-linux-gnu-gcc $ELF_FLAGS_MIPS32 -O2 -o NAME-mips32 NAME.c -lgcc
#   then qemu-mipsel ./NAME < NAME.in (or < /dev/null):
#   NAME.out (stdout) and NAME.status (exit status). NAME-mips32 shares NAME.in and must print the
#   same; its .out/.status are written separately anyway.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROGRAMS="$ROOT/test/data/programs"
ELFDIR="$ROOT/test/data/elf"
ELF_FLAGS="-march=mips1 -mfp32 -mno-abicalls -fno-pic -nostdlib -static -ffreestanding -Wl,--build-id=none"
ELF_FLAGS_MIPS32="-march=mips32 -mfp32 -mno-abicalls -fno-pic -nostdlib -static -ffreestanding -Wl,--build-id=none"
MIPS32_PROGRAMS="checksum float longlong"
BANNER='SPIM Version 8.0 of January 8, 2010
Copyright 1990-2010, James R. Larus.
All Rights Reserved.
See the file README for a full copyright notice.
Loaded: /usr/lib/spim/exceptions.s'

for tool in spim qemu-mipsel mipsel-linux-gnu-gcc; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see the header of $0)" >&2; exit 1; }
done

input_for() { if [ -f "$1.in" ]; then echo "$1.in"; else echo /dev/null; fi; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$PROGRAMS"
for src in *.s; do
  name=${src%.s}
  status=0
  spim -file "$src" <"$(input_for "$name")" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$(head -n 5 "$tmp/out")" != "$BANNER" ]; then
    echo "$name: unexpected spim banner:" >&2
    head -n 5 "$tmp/out" >&2
    exit 1
  fi
  tail -n +6 "$tmp/out" >"$name.out"
  if [ -s "$tmp/err" ]; then cp "$tmp/err" "$name.err"; else rm -f "$name.err"; fi
  echo "$status" >"$name.status"
  echo "spim $name: status $status"
done

cd "$ELFDIR"
run_elf() { # run_elf BINARY INPUT-BASENAME
  status=0
  qemu-mipsel "./$1" <"$(input_for "$2")" >"$1.out" || status=$?
  echo "$status" >"$1.status"
  echo "qemu $1: status $status"
}
for src in *.c; do
  name=${src%.c}
  # shellcheck disable=SC2086
  mipsel-linux-gnu-gcc $ELF_FLAGS -O1 -o "$name" "$src" -lgcc
  run_elf "$name" "$name"
done
for name in $MIPS32_PROGRAMS; do
  # shellcheck disable=SC2086
  mipsel-linux-gnu-gcc $ELF_FLAGS_MIPS32 -O2 -o "$name-mips32" "$name.c" -lgcc
  run_elf "$name-mips32" "$name"
done
