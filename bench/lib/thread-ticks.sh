# Sourced by the bench scripts that measure CPU from /proc.
# thread_ticks NAME=PID...: one line "NAME/kind user kernel" per kind of thread of each process, in
# clock ticks (getconf CLK_TCK per second), sorted. The kind is the thread's name without its
# trailing number, spaces made underscores (C2_CompilerThre, partition-worker). One awk reads every
# thread's stat file; threads that end meanwhile are skipped.
thread_ticks() {
  local entry
  for entry in "$@"; do
    awk -v p="${entry%%=*}" '{ lp = index($0, "("); rp = match($0, /\) [A-Za-z] /)
        kind = substr($0, lp + 1, rp - lp - 1); gsub(/[-#]*[0-9][0-9-]*$/, "", kind); gsub(/ /, "_", kind)
        split(substr($0, rp + 2), f, " "); user[p "/" kind] += f[12]; kernel[p "/" kind] += f[13] }
      END { for (k in user) print k, user[k], kernel[k] }' /proc/"${entry#*=}"/task/*/stat 2>/dev/null
  done | LC_ALL=C sort
}
