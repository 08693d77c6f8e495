#!/usr/bin/env bash
# Time to the shell's first frame: starts `node bin/exolab.js` in a tmux pane (120x40, a tmux
# server of its own) RUNS times and reports, per run, the wall-clock time until the welcome line
# is on screen and the CPU time (user+sys) the process had used by then, then the medians.
# The CPU time is the steadier number on a shared machine.
#
#   scripts/measure-startup.sh [RUNS]                    the bundle if fresh, else the sources
#   EXOLAB_SOURCES=1 scripts/measure-startup.sh [RUNS]   always the sources
set -uo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
server=exolab-startup-$$
trap 'tmux -L "$server" kill-server >/dev/null 2>&1' EXIT
# A session that stays for the whole measurement, so the server does not come and go.
tmux -L "$server" new-session -d -s hold -x 120 -y 40 "sleep 600" || exit 1
for i in $(seq "$runs"); do
  s=run$i
  tmux -L "$server" new-session -d -s "$s" -x 120 -y 40 "sleep 120" || exit 1
  tmux -L "$server" set -t "$s" remain-on-exit on >/dev/null
  start=$(date +%s%N)
  tmux -L "$server" respawn-pane -k -t "$s" \
    "cd '$root' && exec env EXOLAB_SOURCES='${EXOLAB_SOURCES:-}' EXOLAB_HISTORY= node bin/exolab.js"
  pid=$(tmux -L "$server" display -p -t "$s" '#{pane_pid}')
  shown=0
  for _ in $(seq 6000); do
    if tmux -L "$server" capture-pane -p -t "$s" 2>/dev/null | grep -q 'Welcome to exolab'; then
      shown=1
      break
    fi
    sleep 0.005
  done
  end=$(date +%s%N)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  if [ "$shown" = 1 ]; then
    echo "$(((end - start) / 1000000)) $((ticks * 1000 / $(getconf CLK_TCK)))"
  else
    echo "run $i: the welcome line never appeared" >&2
  fi
  tmux -L "$server" kill-session -t "$s" >/dev/null 2>&1
done | awk '{ print "wall " $1 " ms, cpu " $2 " ms"; w[NR] = $1; c[NR] = $2 }
  END {
    if (NR == 0) exit 1
    n = NR
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
      if (w[j] < w[i]) { t = w[i]; w[i] = w[j]; w[j] = t }
      if (c[j] < c[i]) { t = c[i]; c[i] = c[j]; c[j] = t }
    }
    m = int((n + 1) / 2)
    print "median: wall " w[m] " ms, cpu " c[m] " ms"
  }'
