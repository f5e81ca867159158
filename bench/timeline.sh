# Helpers for scripts that run dev.pegasus.bench.scale.TimelineLoad while the cluster changes under it.
# Sourced; the caller sets WORK, where the load writes timeline.csv (second,ops,errors).

load_second() { # seconds the load has run
  if [ -f "$WORK/timeline.csv" ]; then echo $(($(wc -l <"$WORK/timeline.csv") - 1)); else echo 0; fi
}

phase() { # name from to: a table row with the mean ops/s and the errors over seconds (from, to]
  awk -F, -v from="$2" -v to="$3" -v name="$1" 'NR > 1 && $1 > from && $1 <= to { ops += $2; errors += $3; n++ }
    END { printf "| %s | %d-%d | %.0f | %d |\n", name, from, to, n ? ops / n : 0, errors }' "$WORK/timeline.csv"
}
